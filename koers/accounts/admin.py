from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from koers.accounts.models import User


@admin.register(User)
class KoersUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("language",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "language")
