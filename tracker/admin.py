"""The editors' admin: review claims, fix speakers and dates, curate actors."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.text import Truncator

from .models import Actor, Alias, Article, Claim, Event


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ["name"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]
    # Meta.ordering is not applied to the annotated (GROUP BY) queryset.
    ordering = ["name", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims", distinct=True))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, actor):
        return actor.claim_count


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["kind", "speaker", "short_text", "stated_on", "stated_precision", "status"]
    readonly_fields = ["short_text"]
    autocomplete_fields = ["speaker"]
    show_change_link = True

    @admin.display(description="text")
    def short_text(self, claim):
        return Truncator(claim.quote or claim.text).words(20)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker").order_by("start")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "source_name", "claim_count", "created"]
    search_fields = ["title", "source_name", "body"]
    date_hierarchy = "published_on"
    readonly_fields = ["sha256", "created"]
    inlines = [ClaimInline]
    ordering = ["-published_on", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims", distinct=True))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article):
        return article.claim_count


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["short_text", "speaker", "kind", "stated_on", "status", "article"]
    list_filter = ["status", "kind", "attribution", "stated_precision"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "quote", "speaker__name", "speaker__aliases__name", "article__title"]
    date_hierarchy = "stated_on"
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["article"]
    actions = ["mark_verified", "mark_rejected"]
    fieldsets = [
        (None, {"fields": ["article", "kind", "attribution", "speaker", "text", "quote"]}),
        ("Date", {"fields": ["stated_on", "stated_precision"]}),
        (
            "Figure",
            {"fields": ["figure_value", "figure_qualifier", "figure_unit", "figure_subject"]},
        ),
        ("Position in the article", {"fields": ["start", "end", "speaker_start", "speaker_end"]}),
        ("Review", {"fields": ["status", "editor_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    @admin.display(description="claim")
    def short_text(self, claim):
        return Truncator(claim.quote or claim.text).words(16)

    @admin.action(description="Mark selected claims as verified")
    def mark_verified(self, request, queryset):
        changed = queryset.exclude(status=Claim.Status.VERIFIED).update(
            status=Claim.Status.VERIFIED
        )
        self.message_user(
            request,
            f"{changed} claim{'s' if changed != 1 else ''} marked verified.",
            messages.SUCCESS,
        )

    @admin.action(description="Mark selected claims as rejected")
    def mark_rejected(self, request, queryset):
        changed = queryset.exclude(status=Claim.Status.REJECTED).update(
            status=Claim.Status.REJECTED
        )
        self.message_user(
            request,
            f"{changed} claim{'s' if changed != 1 else ''} marked rejected.",
            messages.SUCCESS,
        )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "occurred_on", "precision", "article"]
    list_filter = ["precision"]
    list_select_related = ["article"]
    search_fields = ["title", "description", "actors__name"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["actors"]
    raw_id_fields = ["article", "articles"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")
