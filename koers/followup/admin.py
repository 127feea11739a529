from django.contrib import admin

from koers.followup.models import ConversationInterval, Notice, NotificationPreference


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "due_on", "created_at", "channel", "sent_at", "read_at")
    list_filter = ("kind", "channel")
    raw_id_fields = ("recipient", "organisation")


@admin.register(ConversationInterval)
class ConversationIntervalAdmin(admin.ModelAdmin):
    list_display = ("employee", "months", "updated_at")
    raw_id_fields = ("employee", "set_by")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "channel")
    raw_id_fields = ("user",)
