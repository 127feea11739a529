from django import forms

from koers.accounts.models import User
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersModelForm


class ProfileForm(RevisionFormMixin, KoersModelForm):
    class Meta:
        model = User
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}
