"""The default conversation types and templates, with the texts of the sources, in Dutch.

Shipped as data: ``actions.templates.ensure_default_templates`` copies them into an organisation as
version 1 of each template. Organisations later copy and edit their own versions; these
defaults never change a template that exists.

The texts are stored in the organisation's rows as written here (Dutch is the source language
of Koers and these are the organisation's own texts from then on), so they are not msgids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from koers.conversations.models import (
    ConversationTemplate,
    ConversationType,
    TemplatePhase,
    TemplateQuestion,
)

# The UI says these talks are not a functioneringsgesprek (no rating, no pay) through the
# template conversations/_not_a_review.html, as a translatable string.


@dataclass(frozen=True)
class DefaultType:
    kind: str
    name: str
    description: str


# 001, 003 and 004 use several names for the same kind of talk; 000 adds the IOP.
TYPES: tuple[DefaultType, ...] = (
    DefaultType(
        "ontwikkelgesprek",
        "Ontwikkelgesprek",
        "Een gesprek tussen medewerker en leidinggevende over ontwikkelingsnoodzaak, wensen en "
        "mogelijkheden, gezien vanuit de medewerker en vanuit het bedrijf. De afspraken komen "
        "in het POP.",
    ),
    DefaultType(
        "loopbaangesprek",
        "Loopbaangesprek",
        "De persoonlijke ontwikkeling van de medewerker in het werk en in de organisatie staat "
        "centraal. Het gesprek richt zich op veranderingen in taken en functie in de toekomst. "
        "Soms is één gesprek genoeg, soms is het een traject van een gesprek of vier.",
    ),
    DefaultType(
        "pop",
        "POP-gesprek",
        "Het ideale moment om de medewerker te ondersteunen bij het nadenken over de eigen "
        "ontwikkeling. Een uitwisseling op basis van gelijkwaardigheid, gericht op de toekomst.",
    ),
    DefaultType(
        "iop",
        "IOP-gesprek (het goede gesprek)",
        "Het individueel ontwikkelingsplan (IOP), ook wel dialooggesprek of het goede gesprek "
        "genoemd: samen praten over gezond en plezierig werken en over groeien. Makkelijker, "
        "eenvoudiger, leuker.",
    ),
)


@dataclass(frozen=True)
class DefaultPhase:
    key: str
    title: str
    guidance: str


# 004 "Het verloop van een loopbaangesprek", with 003 "Opbouw van het gesprek".
PHASES: tuple[DefaultPhase, ...] = (
    DefaultPhase(
        "opening",
        "Opening",
        "Welkom. Stel de medewerker op zijn of haar gemak. Herhaal het doel, de reden, de duur "
        "en de opbouw van het gesprek. Bepaal samen de agenda.",
    ),
    DefaultPhase(
        "evaluation",
        "Evaluatie",
        "Was er al eerder een gesprek? Bespreek of de toen gemaakte afspraken zijn gerealiseerd "
        "en wat de huidige stand van zaken is.",
    ),
    DefaultPhase(
        "information",
        "Informatie uitwisselen",
        "De medewerker licht eerst zijn of haar wensen toe; daarna vult de leidinggevende aan. "
        "Luister aandachtig, vat samen en vraag door (LSD). Sta open voor ideeën en wensen, ook "
        "als ze u verbazen. Houd rekening met veranderingen in persoonlijke omstandigheden. "
        "Geef ook uw eigen ideeën over de loopbaanontwikkeling.",
    ),
    DefaultPhase(
        "planning",
        "Plannen",
        "Zoek samen naar wenselijke en uitvoerbare mogelijkheden: binnen de eigen functie, in "
        "een andere functie, of buiten de organisatie. Zet voors en tegens, belemmeringen en "
        "blinde vlekken op een rij. Wie is waarvoor verantwoordelijk?",
    ),
    DefaultPhase(
        "closing",
        "Afsluiting",
        "Vat de gemaakte afspraken SMART samen. Vraag de medewerker wat hij of zij van het "
        "gesprek vond. Plan eventueel al een nieuwe datum.",
    ),
)


@dataclass(frozen=True)
class DefaultQuestion:
    text: str
    help_text: str = ""


# 001 step 2 "Medewerker", then 004 "Ter voorbereiding ... vraag je de medewerker na te denken".
EMPLOYEE_QUESTIONS: tuple[DefaultQuestion, ...] = (
    DefaultQuestion(
        "Hoe zie ik mijn huidige functie?",
        "Waar wil ik extra kennis over opdoen? Welke vaardigheden wil ik verbeteren of nog "
        "ontwikkelen? Wat wil ik verbeteren aan mijn houding, gedrag of omgang met klanten of "
        "collega's?",
    ),
    DefaultQuestion(
        "Hoe wil ik dat mijn loopbaan er in de toekomst uitziet?",
        "Wat wil ik doen als ik bij dit bedrijf blijf werken of als ik ergens anders zou moeten "
        "werken? Welke kennis heb ik daarvoor nodig? Wat wil ik nog leren of ontwikkelen?",
    ),
    DefaultQuestion(
        "Hoe denk ik over scholing of andere vormen van ontwikkeling?",
        "Hoe zou ik willen leren? Hoeveel tijd wil ik aan leren besteden? Wil ik alleen leren in "
        "de baas zijn tijd of in mijn eigen tijd? Waar kan ik een opleiding of cursus volgen?",
    ),
    DefaultQuestion(
        "Wil ik mij ontwikkelen of een opleiding volgen? Is dat nodig voor mijn werk?",
        "Ontwikkelings- en opleidingsbereidheid of -noodzaak.",
    ),
    DefaultQuestion("Welke ruimte heb ik om mij binnen mijn functie verder te ontwikkelen?"),
    DefaultQuestion("Welke wensen en belangstelling heb ik voor andere functies?"),
    DefaultQuestion("Wat zijn mijn sterke kanten en wat wil ik nog ontwikkelen?"),
    DefaultQuestion("Wat zijn mijn drijfveren en ambities?"),
)

# 001 step 2 "Leiding ook nadenken", then 004 "Als leidinggevende denk je na over".
MANAGER_QUESTIONS: tuple[DefaultQuestion, ...] = (
    DefaultQuestion(
        "Met welke ontwikkelingen (in-/extern) krijgt het bedrijf op termijn te maken?"
    ),
    DefaultQuestion(
        "Welke kansen/bedreigingen ontstaan hieruit voor het bedrijf en de medewerkers?"
    ),
    DefaultQuestion("Waar wil ik naar toe met het bedrijf of de afdeling?"),
    DefaultQuestion(
        "Hoe kan een grotere employability van medewerkers bijdragen aan kansen en het "
        "weerstaan van bedreigingen?"
    ),
    DefaultQuestion(
        "Welke kennis, vaardigheden, kwaliteiten zijn nodig om de doelen en prestaties van het "
        "bedrijf te behalen en te verbeteren?"
    ),
    DefaultQuestion("Hoe kan ik de capaciteiten van medewerkers anders of beter inzetten?"),
    DefaultQuestion("Welke ontwikkelmogelijkheden kunnen/moeten we medewerkers bieden?"),
    DefaultQuestion("Wat is het ontwikkelingsniveau van de medewerker?"),
    DefaultQuestion(
        "Welke mogelijkheden heeft de medewerker om mee te groeien of zich te verbreden?"
    ),
    DefaultQuestion("Welke ruimte is er om binnen de functie te veranderen?"),
    DefaultQuestion("Is er opleidingsnoodzaak?"),
)

# 002 step 2 "Gebruik de 'sterke punten-benadering'".
STRENGTHS_QUESTIONS: tuple[DefaultQuestion, ...] = (
    DefaultQuestion("Wat voor werk doet u graag? Welke talenten gebruikt u daarvoor?"),
    DefaultQuestion("Waar krijgt u vaak complimenten over en wat zegt dat over u?"),
    DefaultQuestion(
        "Wanneer gaat u fluitend naar huis of naar uw werk? Wat heeft u dan bereikt? Welke "
        "kwaliteiten van uzelf heeft u daarvoor ingezet?"
    ),
    DefaultQuestion(
        "Wat vindt u een belangrijk succes uit de afgelopen tijd? Wat deed u wat bijdroeg aan "
        "het succes? Wat was het effect daarvan en wat zegt dit over u?"
    ),
)

# Example questions for the phase "Informatie uitwisselen": 001 step 3 "Inhoud gesprek" and
# 002 step 1 (003 refers to "enkele voorbeeldvragen" without listing them).
INFORMATION_QUESTIONS: tuple[DefaultQuestion, ...] = (
    DefaultQuestion("Hoe staat u in uw werk?"),
    DefaultQuestion("Waar staat u nu in uw functie en waar zitten punten die u wilt ontwikkelen?"),
    DefaultQuestion("Waar wilt u naar toe; wat is de gewenste of noodzakelijke ontwikkeling?"),
    DefaultQuestion(
        "Waaraan besteedt u de komende periode (een tot twee jaar) aandacht en met welk doel?"
    ),
    DefaultQuestion("Welke acties onderneemt u daarvoor; wie en wat zijn daarbij nodig?"),
    DefaultQuestion("Met welke ontwikkelpunten wilt u de komende weken aan de slag?"),
    DefaultQuestion(
        "Wat zijn voor u belangrijke momenten de komende weken (met het oog op uw ontwikkelpunten)?"
    ),
    DefaultQuestion("Hoe volgen en evalueren we samen uw ontwikkeling?"),
)

QUESTIONS_BY_AUDIENCE: dict[str, tuple[DefaultQuestion, ...]] = {
    "employee": EMPLOYEE_QUESTIONS,
    "manager": MANAGER_QUESTIONS,
    "strengths": STRENGTHS_QUESTIONS,
    "information": INFORMATION_QUESTIONS,
}


def create_default_version(conversation_type: ConversationType) -> ConversationTemplate:
    """Version 1 of a type, from the texts above: a step inside the templates and planning
    actions (``koers.conversations.actions``), not an action of its own."""
    template = ConversationTemplate.objects.create(
        conversation_type=conversation_type, version=1, note=_("Standaardsjabloon")
    )
    TemplatePhase.objects.bulk_create(
        TemplatePhase(
            template=template,
            key=phase.key,
            title=phase.title,
            guidance=phase.guidance,
            position=position,
        )
        for position, phase in enumerate(PHASES)
    )
    TemplateQuestion.objects.bulk_create(
        TemplateQuestion(
            template=template,
            audience=audience,
            text=question.text,
            help_text=question.help_text,
            position=position,
        )
        for audience, questions in QUESTIONS_BY_AUDIENCE.items()
        for position, question in enumerate(questions)
    )
    return template
