from django import forms

from koers.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}
