from django.contrib import admin

from koers.organisations.models import Department, Employee, Organisation, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "conversation_interval_months", "retention_years")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "organisation")
    list_filter = ("organisation",)
    filter_horizontal = ("managers",)
    autocomplete_fields = ("department",)
    search_fields = ("name",)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("personnel_number", "last_name", "first_name", "team", "organisation")
    list_filter = ("organisation", "is_hr", "is_org_admin")
    search_fields = ("personnel_number", "last_name", "first_name", "email")
    raw_id_fields = ("user",)
    autocomplete_fields = ("team",)
