"""The editors' admin: a review queue for claims, actors to curate and merge,
articles to add by pasting and to extract again. Every change is kept in the
models' history with who made it."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from tracker.extraction import SeedError, parse_seed
from tracker.extraction.document import MAX_SEED_BYTES, Document, decode_bytes

from . import editing, search
from .ingest import reextract, store_findings
from .models import Actor, Alias, Article, Claim, Event
from .templatetags.tracker_tags import fuzzy_date
from .timeline import COUNT_CAP


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word}es" if word.endswith("s") else f"{count} {word}s"


# -- actors ------------------------------------------------------------------


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "description", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]
    actions = ["merge_actors"]
    # Meta.ordering is not applied to the annotated (GROUP BY) queryset.
    ordering = ["name", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims", distinct=True))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, actor):
        return actor.claim_count

    # Listed for everyone who may change actors, so that an editor without the
    # right to merge is told so (403) rather than finding no such action.
    @admin.action(description="Merge selected actors…", permissions=["change"])
    def merge_actors(self, request, queryset):
        """Pick the actor to keep, then move everything of the others to it."""
        if not request.user.has_perm("tracker.merge_actor"):
            raise PermissionDenied("Merging actors is for senior editors.")
        actors = list(queryset.order_by("name"))
        if len(actors) < 2:
            self.message_user(request, "Select two or more actors to merge.", messages.WARNING)
            return None
        if request.POST.get("keep"):
            keep = next((a for a in actors if str(a.pk) == request.POST["keep"]), None)
            if keep is None:
                self.message_user(
                    request, "Choose one of the selected actors to keep.", messages.ERROR
                )
                return None
            moved = editing.merge_actors(keep, actors, request.user)
            self.message_user(
                request,
                f"Merged {_plural(moved['actors'], 'actor')} into {keep.name}: "
                f"{_plural(moved['claims'], 'claim')}, {_plural(moved['events'], 'event link')} "
                f"and {_plural(moved['aliases'], 'alias')} moved.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/tracker/actor/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge actors",
                "actors": actors,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


# -- claims ------------------------------------------------------------------


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: with a million claims an exact count
    would cost more than the page. Past the cap the list says "more than
    10,000" (templates/admin/tracker/claim/pagination.html)."""

    cap = COUNT_CAP

    @cached_property
    def count(self):
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP


class ReviewFilter(admin.SimpleListFilter):
    """The review queue: opens on claims nobody has reviewed yet."""

    title = "status"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            (Claim.Status.EXTRACTED, "Not reviewed"),
            (Claim.Status.VERIFIED, "Verified"),
            (Claim.Status.DISPUTED, "Disputed"),
            (Claim.Status.REJECTED, "Rejected"),
            ("all", "All"),
        ]

    def choices(self, changelist):
        current = self.value() or Claim.Status.EXTRACTED
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Claim.Status.EXTRACTED
        return queryset if value == "all" else queryset.filter(status=value)


class TextFilter(admin.SimpleListFilter):
    """A filter typed rather than picked from a list that could hold
    thousands of names."""

    template = "admin/tracker/text_filter.html"

    def lookups(self, request, model_admin):
        return [("", "")]

    def choices(self, changelist):
        yield {
            "parameter": self.parameter_name,
            "value": self.value() or "",
            "clear": changelist.get_query_string(remove=[self.parameter_name]),
            "other": [
                (key, value)
                for key, values in changelist.params.items()
                if key != self.parameter_name
                for value in (values if isinstance(values, list) else [values])
            ],
        }


class SpeakerFilter(TextFilter):
    title = "speaker (any of their names)"
    parameter_name = "speaker_name"

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        named = Alias.objects.filter(name__icontains=self.value()).values("actor_id")
        return queryset.filter(speaker__in=named)


class ArticleFilter(TextFilter):
    title = "article (words in its title)"
    parameter_name = "article_title"

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(article__title__icontains=self.value())


class ClaimForm(forms.ModelForm):
    """Refuses a save based on a version another editor has since changed."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = [
            "article", "kind", "attribution", "speaker", "text", "quote", "start", "end",
            "speaker_start", "speaker_end", "stated_on", "stated_precision", "figure_value",
            "figure_qualifier", "figure_unit", "figure_subject", "status", "editor_note", "event",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("seen_version") is not None:
            current = (
                Claim.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )
            if current is not None and current != data["seen_version"]:
                raise ValidationError(
                    "Someone else changed this claim while you were editing it. Your changes "
                    "were not saved: reload the page to see theirs, then make yours again."
                )
        return data


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimForm
    list_display = ["short_quote", "speaker", "kind", "stated", "status", "article_link"]
    list_display_links = ["short_quote"]
    list_filter = [ReviewFilter, "kind", "attribution", SpeakerFilter, ArticleFilter, "stated_on"]
    list_select_related = ["speaker", "article"]
    list_per_page = 50
    search_fields = ["text", "quote", "speaker__name", "article__title"]
    autocomplete_fields = ["speaker", "event"]
    raw_id_fields = ["article"]
    # Newest articles first, within one in reading order: the review queue
    # index serves it. No date hierarchy: listing the years present would
    # read every claim.
    ordering = ["-article_published_on", "-article_id", "start"]
    paginator = CappedPaginator
    show_full_result_count = False
    actions = ["mark_verified", "mark_disputed", "mark_rejected", "mark_unreviewed"]
    readonly_fields = ["source_sentence", "reviewed", "appears_in"]
    fieldsets = [
        (None, {"fields": ["source_sentence", "kind", "attribution", "speaker", "text", "quote"]}),
        ("Date", {"fields": ["stated_on", "stated_precision"]}),
        (
            "Figure",
            {"fields": ["figure_value", "figure_qualifier", "figure_unit", "figure_subject"]},
        ),
        ("Context", {"fields": ["event", "article", "appears_in"]}),
        ("Review", {"fields": ["status", "editor_note", "reviewed", "seen_version"]}),
        (
            "Position in the article",
            {"fields": ["start", "end", "speaker_start", "speaker_end"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    def get_search_results(self, request, queryset, search_term):
        """The full-text index, as on the public timeline: every word in the
        text, the quote, a name of the speaker or the article's title (a
        LIKE over a million sentences would read them all)."""
        if not search.words_of(search_term):
            return queryset, False
        return search.matching(queryset, search.rarest_first(search_term)), False

    def get_object(self, request, object_id, from_field=None):
        # The change page shows the sentence, so it needs the article's text.
        queryset = Claim.objects.select_related("article", "speaker", "reviewed_by", "event")
        try:
            return queryset.get(pk=object_id)
        except (Claim.DoesNotExist, ValueError, ValidationError):
            return None

    @admin.display(description="claim")
    def short_quote(self, claim):
        return Truncator(claim.quote or claim.text).words(16)

    @admin.display(description="date", ordering="stated_on")
    def stated(self, claim):
        return fuzzy_date(claim.stated_on, claim.stated_precision)

    @admin.display(description="article", ordering="article__published_on")
    def article_link(self, claim):
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:tracker_article_change", args=[claim.article_id]),
            Truncator(claim.article.title).words(8),
            fuzzy_date(claim.article.published_on),
        )

    @admin.display(description="in the article")
    def source_sentence(self, claim):
        """The sentence with the claim's words marked, escaped, and a link to
        the public article page."""
        if not claim.pk:
            return "—"
        body = claim.article.body
        sentence_start = body.rfind("\n\n", 0, claim.start)
        sentence_start = 0 if sentence_start == -1 else sentence_start + 2
        sentence_end = body.find("\n\n", claim.end)
        sentence_end = len(body) if sentence_end == -1 else sentence_end
        return format_html(
            '<p class="source-sentence">{}<mark>{}</mark>{}</p><p><a href="{}" target="_blank">'
            "Open the article page</a></p>",
            body[sentence_start : claim.start],
            body[claim.start : claim.end],
            body[claim.end : sentence_end],
            claim.get_absolute_url(),
        )

    @admin.display(description="reviewed")
    def reviewed(self, claim):
        if not claim.reviewed_at:
            return "not yet"
        who = claim.reviewed_by.get_username() if claim.reviewed_by else "someone since removed"
        return f"by {who}, {timezone.localtime(claim.reviewed_at):%-d %B %Y %H:%M}"

    @admin.display(description="appears in")
    def appears_in(self, claim):
        if not claim.pk:
            return "—"
        articles = claim.appearances.select_related("article").defer("article__body")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (a.get_absolute_url(), a.article.title, fuzzy_date(a.article.published_on))
                    for a in articles
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if change:
            # Optimistic locking: only the version this editor saw may be replaced.
            seen = form.cleaned_data.get("seen_version") or obj.version
            updated = Claim.objects.filter(pk=obj.pk, version=seen).update(version=F("version") + 1)
            if not updated:
                raise PermissionDenied("The claim was changed by someone else; reload it.")
            obj.version = seen + 1
            obj.edited = True
            if "status" in form.changed_data:
                obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def _review(self, request, queryset, status, label):
        if not self.has_change_permission(request):
            raise PermissionDenied
        changed = editing.review(list(queryset), status, request.user)
        self.message_user(request, f"{_plural(changed, 'claim')} marked {label}.", messages.SUCCESS)

    @admin.action(description="Mark selected claims as verified", permissions=["change"])
    def mark_verified(self, request, queryset):
        self._review(request, queryset, Claim.Status.VERIFIED, "verified")

    @admin.action(description="Mark selected claims as disputed", permissions=["change"])
    def mark_disputed(self, request, queryset):
        self._review(request, queryset, Claim.Status.DISPUTED, "disputed")

    @admin.action(description="Mark selected claims as rejected", permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._review(request, queryset, Claim.Status.REJECTED, "rejected")

    @admin.action(description="Send selected claims back for review", permissions=["change"])
    def mark_unreviewed(self, request, queryset):
        self._review(request, queryset, Claim.Status.EXTRACTED, "not reviewed")


# -- articles ----------------------------------------------------------------


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


class ArticleAddForm(forms.ModelForm):
    """Paste an article and its date, or upload a seed file."""

    seed_file = forms.FileField(
        required=False,
        help_text=f"A seed file (date line, optional title line, body), up to "
        f"{MAX_SEED_BYTES:,} bytes.",
    )

    class Meta:
        model = Article
        fields = ["published_on", "title", "body", "source_name"]
        help_texts = {"title": "Leave empty to use the first sentence."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("published_on", "body", "title", "source_name"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        upload = data.get("seed_file")
        try:
            if upload:
                if upload.size > MAX_SEED_BYTES:
                    raise SeedError(f"the file is larger than {MAX_SEED_BYTES:,} bytes")
                document = parse_seed(decode_bytes(upload.read()), source_name=upload.name)
            else:
                if not data.get("published_on") or not (data.get("body") or "").strip():
                    raise SeedError("give the article's date and text, or upload a seed file")
                date_line = f"date {data['published_on'].isoformat()}\n"
                title = f"title {data['title']}\n" if data.get("title") else ""
                document = parse_seed(
                    date_line + title + data["body"], data.get("source_name") or ""
                )
        except SeedError as error:
            raise ValidationError(f"This article cannot be stored: {error}.") from None
        existing = Article.objects.filter(sha256=document.sha256).first()
        if existing:
            raise ValidationError(
                format_html(
                    'This article is already stored: <a href="{}">{}</a>.',
                    reverse("admin:tracker_article_change", args=[existing.pk]),
                    existing.title,
                )
            )
        self.document = document
        return data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "source_name", "claim_count", "created"]
    search_fields = ["title", "source_name"]
    date_hierarchy = "published_on"
    readonly_fields = ["sha256", "created", "public_page"]
    inlines = [ClaimInline]
    ordering = ["-published_on", "-id"]
    actions = ["extract_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims", distinct=True))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["published_on", "title", "body", "source_name", "seed_file"]
        return ["title", "published_on", "source_name", "public_page", "body", "sha256", "created"]

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article):
        return article.claim_count

    @admin.display(description="public page")
    def public_page(self, article):
        return format_html(
            '<a href="{}" target="_blank">{}</a>',
            article.get_absolute_url(),
            article.get_absolute_url(),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if "published_on" in form.changed_data:
                obj.claims.update(article_published_on=obj.published_on)
            return
        # A new article is stored and extracted at once, like a seed file.
        from tracker.extraction import extract

        document: Document = form.document
        obj.title, obj.published_on, obj.body = document.title, document.published_on, document.body
        obj.source_name, obj.sha256 = document.source_name or "pasted in the admin", document.sha256
        obj.save()
        store_findings(obj, extract(document))
        self.message_user(
            request,
            format_html(
                '{} found. <a href="{}?article_title={}">Review them</a>.',
                _plural(obj.claims.count(), "claim"),
                reverse("admin:tracker_claim_changelist"),
                obj.title[:60],
            ),
            messages.SUCCESS,
        )

    @admin.action(description="Extract selected articles again", permissions=["change"])
    def extract_again(self, request, queryset):
        added = removed = 0
        for article in queryset:
            result = reextract(article)
            added += result["added"]
            removed += result["removed"]
        self.message_user(
            request,
            f"Extracted {_plural(queryset.count(), 'article')} again: {_plural(added, 'claim')} "
            f"added, {removed} untouched machine claim{'s' if removed != 1 else ''} no longer "
            "found removed; claims editors had touched were kept.",
            messages.SUCCESS,
        )


# -- events ------------------------------------------------------------------


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "occurred_on", "precision", "article"]
    list_filter = ["precision"]
    list_select_related = ["article"]
    search_fields = ["title", "description", "actors__name"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["actors"]
    raw_id_fields = ["article", "articles"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")
