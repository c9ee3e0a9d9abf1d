"""What editors do to the data: review claims, merge actors. Each operation
keeps its history (who, when) and is one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from . import revision
from .models import Actor, Alias, Claim


def review(claims, status: str, user) -> int:
    """Give claims a status, recording who reviewed them and when; returns how
    many changed. One history record per claim changed."""
    now = timezone.now()
    changed = [c for c in claims if c.status != status]
    for claim in changed:
        claim.status = status
        claim.reviewed_by = user
        claim.reviewed_at = now
        claim.version += 1
    with transaction.atomic():
        bulk_update_with_history(
            changed,
            Claim,
            ["status", "reviewed_by", "reviewed_at", "version"],
            default_user=user,
        )
        revision.changed()  # bulk updates send no signals
    return len(changed)


def merge_actors(keep: Actor, others: list[Actor], user=None) -> dict[str, int]:
    """Fold ``others`` into ``keep``: their claims, event links and every alias
    move to it (so later seeding maps their names to it), then they are
    deleted. Returns what moved."""
    others = [a for a in others if a.pk != keep.pk]
    with transaction.atomic():
        claims = list(Claim.objects.filter(speaker__in=others))
        for claim in claims:
            claim.speaker = keep
            claim.version += 1
        bulk_update_with_history(claims, Claim, ["speaker", "version"], default_user=user)
        events = 0
        for other in others:
            for event in other.events.all():
                event.actors.add(keep)
                event.actors.remove(other)
                events += 1
        aliases = Alias.objects.filter(actor__in=others).update(actor=keep)
        revision.changed()  # bulk updates send no signals
        existing_keys = set(keep.aliases.values_list("key", flat=True))
        for other in others:
            # the other actors' own names become forms of the one kept
            if other.name and Alias.key_of(other.name) not in existing_keys:
                Alias.objects.create(actor=keep, name=other.name)
                existing_keys.add(Alias.key_of(other.name))
        if not keep.description:
            keep.description = next((o.description for o in others if o.description), "")
            keep.save(update_fields=["description"])
        for other in others:
            other.delete()
    return {"claims": len(claims), "events": events, "aliases": aliases, "actors": len(others)}
