"""The ``import_library`` driver: reads numbered lines, applies them in chunks, reports per line.

Organizations and library items are this app's own line types. Other apps add theirs by registering a
:class:`LineHandler` (topics registers ``meeting`` lines in ``TopicsConfig.ready``), so the library never
imports the apps above it; a handler receives the importer to reuse its caches (organizations, topics, items
found by number or title) and the chunk's :class:`~library.importing.report.Tally`.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from typing import Callable, Iterable, Iterator

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from library import citation_service
from library.importing import fields
from library.importing.fields import LineError
from library.importing.items import ITEM_TYPES, ItemRow, canonical_sections, prepare_item, settle_body
from library.importing.report import ImportReport, Tally
from library.importing.upsert import set_changed, settle, upsert
from library.models import ItemType, LibraryItem, Relation, TaggedItem, Visibility, identity_key, topic_model
from library.signals import items_changed
from organizations.access import audience_within, describe_audience
from organizations.models import Organization, OrganizationKind, infer_kind

CHUNK_SIZE = 500  # lines per transaction (~1 s of documents, ~0.25 s of meetings)
# On SQLite one writer holds the whole database, and members' writes wait in SQLite's busy handler, which polls
# every ≤100 ms once it has waited a while: the importer leaves the lock free that long (SQLITE_PAUSE) once it
# has held it SQLITE_LOCK_BUDGET seconds since its last pause (time inside its write transactions; parsing the
# next chunk holds no lock and does not count), so a member's write waits a few seconds at most
# (busy timeout: 30 s; tests/hardening/test_sqlite_concurrency.py) and the import spends ~5 % of its time
# pausing. A pause after every chunk of 100 lines, as first written (issue 14), made imports 2–4× slower.
SQLITE_PAUSE = 0.12
SQLITE_LOCK_BUDGET = 2.0


class LineHandler:
    """Lines of other types than the library's own (e.g. ``meeting``), registered by the app owning the model.

    One instance per import run, built with the importer. ``apply(lines, tally)`` runs inside the chunk's
    transaction, after organizations and library items of the same chunk; it records its counts and failures
    in ``tally`` and may put lines in ``tally.deferred`` to be retried once at the end of the file
    (``importer.final_pass`` is then true).
    """

    types: tuple[str, ...] = ()

    def __init__(self, importer: "LibraryImporter"):
        self.importer = importer

    def apply(self, lines: list[tuple[int, dict]], tally: Tally) -> None:
        raise NotImplementedError


LINE_HANDLERS: list[type[LineHandler]] = []


def register_line_handler(handler_class: type[LineHandler]) -> None:
    if handler_class not in LINE_HANDLERS:
        LINE_HANDLERS.append(handler_class)


def line_types() -> tuple[str, ...]:
    return ("organization", *ITEM_TYPES) + tuple(t for h in LINE_HANDLERS for t in h.types)



def parse_line(raw: str) -> dict:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise LineError(f"JSON không hợp lệ ({exc.msg}, cột {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError("mỗi dòng phải là một đối tượng JSON {…}")
    kind = data.get("type")
    if kind not in line_types():
        raise LineError(f"loại dòng không hợp lệ: {kind!r} ({', '.join(line_types())})")
    return data


class LibraryImporter:
    """Streams lines through chunked, batched writes. Use :func:`import_file` or :meth:`run`."""

    def __init__(self, dry_run: bool = False, on_error: Callable[[str], None] | None = None,
                 chunk_size: int = CHUNK_SIZE):
        self.report = ImportReport(dry_run=dry_run, kinds=line_types(), on_error=on_error)
        self.chunk_size = chunk_size
        self._held = 0.0  # SQLite: seconds the importer has held the write lock since it last left it free
        self.orgs: dict[str, Organization] = {}
        self._missing_orgs: set[str] = set()
        self._topics: dict[str, object] | None = None
        self._pending_relations: list[dict] = []
        self._pending_guides: list[dict] = []
        self._deferred: list[tuple[int, dict]] = []
        self.final_pass = False
        self.handlers = [handler_class(self) for handler_class in LINE_HANDLERS]

    def run(self, lines: Iterable[tuple[int, str | LineError]]) -> ImportReport:
        chunk = []
        for line_no, raw in lines:
            chunk.append((line_no, raw))
            if len(chunk) >= self.chunk_size:
                self._process_chunk(chunk)
                chunk = []
        if chunk:
            self._process_chunk(chunk)
        self._finish()
        return self.report

    def _process_chunk(self, chunk):
        parsed = []
        for line_no, raw in chunk:
            try:
                if isinstance(raw, LineError):
                    raise raw
                parsed.append((line_no, parse_line(raw)))
            except LineError as exc:
                self.report.fail(line_no, str(exc))
        if parsed:
            self._write(parsed)

    def _write(self, parsed) -> None:
        """One write transaction for ``parsed`` (line by line if it fails), after letting waiting writers in."""
        self._yield_lock()
        started = time.monotonic()
        try:
            self._apply_safely(parsed)
        finally:
            self._held += time.monotonic() - started

    def _yield_lock(self) -> None:
        """On a SQLite file, let members' waiting writes in before the importer's next write transaction (see
        SQLITE_LOCK_BUDGET): an importer that re-locks at once would starve them (issue 14). Called before a
        transaction, never after the last one: a pause with nothing left to write only slows the import."""
        if connection.vendor != "sqlite" or self.report.dry_run or connection.is_in_memory_db():
            return
        if self._held >= SQLITE_LOCK_BUDGET:
            time.sleep(SQLITE_PAUSE)
            self._held = 0.0

    def _apply_safely(self, parsed):
        tally = Tally()
        try:
            with transaction.atomic():
                self._apply(parsed, tally)
        except Exception as exc:  # noqa: BLE001 — one bad line must not stop the import
            self._forget_caches()
            if len(parsed) == 1:
                line_no, data = parsed[0]
                tally = Tally()
                reason = ("cơ sở dữ liệu từ chối dòng này" if isinstance(exc, DatabaseError)
                          else "lỗi không mong đợi khi nhập dòng này")
                tally.fail(line_no, data.get("type", "unknown"), f"{reason} ({exc})")
                self._merge(tally)
                return
            for one in parsed:  # replay line by line to name the guilty line
                self._apply_safely([one])
            return
        self._merge(tally)

    def _apply(self, parsed, tally: Tally):
        """Organizations first, then library items, then the lines of other apps (they may name both)."""
        orgs = [(n, d) for n, d in parsed if d["type"] == "organization"]
        items = [(n, d) for n, d in parsed if d["type"] in ITEM_TYPES]
        for line_no, data in orgs:
            try:
                self._import_organization(data, tally)
            except LineError as exc:
                tally.fail(line_no, "organization", str(exc))
        if items:
            self._import_items(items, tally)
        if tally.changed_items:
            ids = sorted(tally.changed_items)
            items_changed.send(sender=LibraryItem, ids=ids)
            citation_service.refresh_citations(ids)
        for handler in self.handlers:
            lines = [(n, d) for n, d in parsed if d["type"] in handler.types]
            if lines:
                handler.apply(lines, tally)

    def _merge(self, tally: Tally):
        for kind, counts in tally.counts.items():
            self.report.counts[kind].add(counts)
        for line_no, message in sorted(tally.errors):
            self.report.error(line_no, message)
        self.report.created_orgs.extend(tally.created_orgs)
        self._pending_relations.extend(tally.pending_relations)
        self._pending_guides.extend(tally.pending_guides)
        self._deferred.extend(tally.deferred)

    def _forget_caches(self):
        self.orgs.clear()
        self._missing_orgs.clear()
        self._topics = None

    def _finish(self):
        """Second pass: meetings waiting for later lines, then forward references of relations and guides."""
        self.final_pass = True
        deferred, self._deferred = self._deferred, []
        for batch in fields.batched(deferred, self.chunk_size):
            self._write(batch)
        if self._pending_relations or self._pending_guides:
            self._yield_lock()
        with transaction.atomic():
            changed: set[int] = set()
            unresolved = self._resolve_pending_relations(changed) + self._resolve_pending_guides(changed)
            if changed:
                items_changed.send(sender=LibraryItem, ids=sorted(changed))
        self.report.add_list("Quan hệ chưa tìm thấy văn bản đích, được giữ lại theo số hiệu",
                             [f"{source} —{rel}→ {target}" for source, rel, target in unresolved])

    def load_orgs(self, names):
        wanted = [n for n in set(names) if n and n not in self.orgs and n not in self._missing_orgs]
        for batch in fields.batched(wanted):
            for org in Organization.objects.filter(name__in=batch):
                self.orgs[org.name] = org
        self._missing_orgs.update(n for n in wanted if n not in self.orgs)

    def org(self, name: str, tally: Tally, create: bool, parent: Organization | None = None) -> Organization | None:
        if name not in self.orgs:
            self.load_orgs([name])
        org = self.orgs.get(name)
        if org is None and create:
            org = Organization(name=name, kind=infer_kind(name, parent is not None), parent=parent)
            org.save()
            self.orgs[name] = org
            self._missing_orgs.discard(name)
            tally.created_orgs.append(name)
        return org

    def _import_organization(self, data: dict, tally: Tally):
        name = fields.required(data, "name", 255)
        parent_name = fields.text(data.get("parent"), "parent", 255)
        code = fields.text(data.get("code"), "code", 40) if "code" in data else None
        kind = fields.text(data.get("kind"), "kind", 10) or infer_kind(name, bool(parent_name))
        if kind not in OrganizationKind.values:
            raise LineError(f"loại tổ chức không hợp lệ: {kind!r}")
        if parent_name == name:
            raise LineError(f"tổ chức “{name}” không thể trực thuộc chính nó")
        parent = self.org(parent_name, tally, create=True) if parent_name else None
        org = self.org(name, tally, create=False)
        if org is None:
            org = Organization(name=name, kind=kind, parent=parent, code=code or "")
            org.save()
            self.orgs[name] = org
            self._missing_orgs.discard(name)
            tally.counts["organization"].created += 1
            return
        if parent is not None and (parent.pk == org.pk or f"/{org.pk}/" in parent.path):
            raise LineError(f"không thể đặt “{name}” trực thuộc “{parent_name}”: tạo vòng lặp trong cây tổ chức")
        changes = {}
        if org.parent_id != (parent.pk if parent else None):
            changes["parent"] = parent
        if org.kind != kind:
            changes["kind"] = kind
        if code is not None and org.code != code:
            changes["code"] = code
        if not changes:
            tally.counts["organization"].unchanged += 1
            return
        for attr, value in changes.items():
            setattr(org, attr, value)
        org.save()
        if "parent" in changes:  # paths below it moved: cached copies are stale
            self.orgs.clear()
            self._missing_orgs.clear()
            self.orgs[name] = org
        tally.counts["organization"].updated += 1

    def topic(self, name: str):
        """Get or create a topic by name, case-insensitively (in Python: SQLite only folds ASCII case)."""
        if self._topics is None:
            self._topics = {t.name.casefold(): t for t in topic_model().objects.all()}
        key = name.casefold()
        topic = self._topics.get(key)
        if topic is None:
            topic = topic_model()(name=name)  # its 12-HD group is inferred from the name when saved
            topic.save()
            self._topics[key] = topic
        return topic

    def candidates(self, texts, item_type: str | None = None) -> dict[str, list[tuple]]:
        """For each target text: candidate items (issued_on, id, item_type), by symbol key then exact title."""
        parsed = {t: fields.parse_target(t) for t in set(texts)}
        keys = {p[0] for p in parsed.values() if p[0]}
        by_key = defaultdict(list)
        for batch in fields.batched(keys):
            qs = LibraryItem.objects.filter(number_key__in=batch)
            if item_type:
                qs = qs.filter(item_type=item_type)
            for row in qs.values_list("number_key", "issued_on", "id", "item_type"):
                by_key[row[0]].append(row[1:])
        out = {}
        for text, (key, year, day) in parsed.items():
            found = by_key.get(key, [])
            if day:
                found = [c for c in found if c[0] == day] or [c for c in found if c[0].year == year]
            elif year:
                found = [c for c in found if c[0].year == year]
            out[text] = found
        by_title = [t for t, c in out.items() if not c]
        for batch in fields.batched(by_title):
            qs = LibraryItem.objects.filter(title__in=batch)
            if item_type:
                qs = qs.filter(item_type=item_type)
            for title, issued_on, pk, itype in qs.values_list("title", "issued_on", "id", "item_type"):
                out[title].append((issued_on, pk, itype))
        return out

    @staticmethod
    def pick(candidates, exclude_id=None):
        """Several items share a symbol: the newest issue date wins (never the item itself)."""
        pool = [c for c in candidates if c[1] != exclude_id]
        if not pool:
            return None
        return max(pool, key=lambda c: (c[0], c[1]))[1]

    def _import_items(self, lines, tally: Tally):
        rows = []
        for line_no, data in lines:
            try:
                rows.append(prepare_item(line_no, data))
            except LineError as exc:
                tally.fail(line_no, data["type"], str(exc))
        if not rows:
            return
        self.load_orgs([r.issuer for r in rows] + [c for r in rows for c in r.cells + r.for_cells])
        for row in rows:
            issuer = self.org(row.issuer, tally, create=True)
            row.values["issuer_id"] = issuer.pk
            row.identity = identity_key(row.item_type, row.values["kind"], row.values["symbol"], issuer.pk,
                                        row.values["issued_on"], row.values["title"])
        for wave in fields.waves(rows, key=lambda r: r.identity):
            self._write_items(wave, tally)

    def _write_items(self, rows: list[ItemRow], tally: Tally):
        now = timezone.now()
        existing = {}
        for batch in fields.batched([r.identity for r in rows]):
            for obj in LibraryItem.objects.filter(identity__in=batch):
                existing[obj.identity] = obj
        rows = self._refuse_narrowing(rows, existing, tally)
        for row in rows:
            obj = existing.get(row.identity)
            settle_body(row, obj.body if obj is not None else None)

        def build(row: ItemRow) -> LibraryItem:
            obj = LibraryItem(**row.values, first_published_at=now, last_published_at=now)
            obj.compute_identity()
            return obj

        def update(row: ItemRow, obj: LibraryItem) -> set[str]:
            changed = set_changed(obj, row.values, same=self._same)
            if not changed:
                return set()
            obj.compute_identity()
            obj.updated_at = now
            if "live" in changed:
                obj.last_published_at = now
            # bulk_update takes the relation's name; the identity's parts follow the fields they come from
            return ({"issuer" if f == "issuer_id" else f for f in changed}
                    | {"updated_at", "number", "number_key", "last_published_at"})

        upsert(LibraryItem, rows, existing, key=lambda r: r.identity, build=build, update=update)
        first_rel, first_guide = len(tally.pending_relations), len(tally.pending_guides)
        touched = self._sync_item_children(rows, tally)
        tally.changed_items |= settle(rows, touched, tally.counts, kind=lambda r: r.item_type)
        final = {row.obj.pk: row.status for row in rows}
        for p in tally.pending_relations[first_rel:] + tally.pending_guides[first_guide:]:
            p["was_unchanged"] = final.get(p["source_id"]) == "unchanged"

    def _refuse_narrowing(self, rows: list[ItemRow], existing: dict, tally: Tally) -> list[ItemRow]:
        """Lines whose audience is narrower than the existing item's fail: their text must not reach the
        item's wider audience, and an import never quietly hides a document from people who read it."""
        restricted = [o.pk for o in existing.values() if o.visibility == Visibility.RESTRICTED]
        orgs_of = defaultdict(list)
        for batch in fields.batched(restricted):
            for link in LibraryItem.allowed_orgs.through.objects.filter(libraryitem_id__in=batch).select_related(
                    "organization"):
                orgs_of[link.libraryitem_id].append(link.organization)
        kept = []
        for row in rows:
            obj = existing.get(row.identity)
            if obj is not None:
                line_orgs = [self.org(name, tally, create=True) for name in row.cells]
                if not audience_within(obj.visibility, orgs_of[obj.pk], row.values["visibility"], line_orgs):
                    tally.fail(row.line, row.item_type, (
                        f"văn bản đã có (#{obj.pk}) có phạm vi xem «{describe_audience(obj.visibility, orgs_of[obj.pk])}», "
                        f"rộng hơn phạm vi «{describe_audience(row.values['visibility'], line_orgs)}» của dòng này: "
                        f"không ghi đè (đổi phạm vi trong trang quản trị nếu cần)"))
                    continue
            kept.append(row)
        return kept

    @staticmethod
    def _same(name, old, new) -> bool:
        if name == "sections":
            return canonical_sections(old) == canonical_sections(new)
        return old == new

    def _sync_item_children(self, rows: list[ItemRow], tally: Tally) -> set[int]:
        """Topics, allowed organizations, relations and a pack's guide; returns the ids of items whose
        children changed."""
        old_ids = [r.obj.pk for r in rows if r.status != "created"]
        touched = set()
        # Topics (TaggedItem rows) -------------------------------------------------------------------------
        current_tags = defaultdict(set)
        for batch in fields.batched(old_ids):
            for item_id, tag_id in TaggedItem.objects.filter(content_object_id__in=batch).values_list(
                    "content_object_id", "tag_id"):
                current_tags[item_id].add(tag_id)
        new_tags, drop_tags = [], []
        for row in rows:
            wanted = {self.topic(name).pk for name in row.topics}
            have = current_tags.get(row.obj.pk, set())
            if wanted != have:
                touched.add(row.obj.pk)
                new_tags += [TaggedItem(tag_id=t, content_object_id=row.obj.pk) for t in sorted(wanted - have)]
                if have - wanted:
                    drop_tags.append((row.obj.pk, have - wanted))
        for item_id, tag_ids in drop_tags:
            TaggedItem.objects.filter(content_object_id=item_id, tag_id__in=tag_ids).delete()
        TaggedItem.objects.bulk_create(new_tags)
        # Allowed organizations (restricted items), and the cells whose materials an item is ----------------
        touched |= self._sync_org_links(rows, old_ids, tally, LibraryItem.allowed_orgs.through, lambda r: r.cells)
        touched |= self._sync_org_links(rows, old_ids, tally, LibraryItem.for_cells.through, lambda r: r.for_cells)
        touched |= self._sync_relations(rows, old_ids, tally)
        touched |= self._sync_guides(rows, tally)
        return touched

    def _sync_org_links(self, rows: list[ItemRow], old_ids, tally: Tally, through, names) -> set[int]:
        """Make an item ↔ organization table (``through``) hold exactly the organizations ``names(row)`` names."""
        current = defaultdict(set)
        for batch in fields.batched(old_ids):
            for item_id, org_id in through.objects.filter(libraryitem_id__in=batch).values_list(
                    "libraryitem_id", "organization_id"):
                current[item_id].add(org_id)
        touched, new_links = set(), []
        for row in rows:
            wanted = {self.org(name, tally, create=True).pk for name in names(row)}
            have = current.get(row.obj.pk, set())
            if wanted != have:
                touched.add(row.obj.pk)
                if have - wanted:
                    through.objects.filter(libraryitem_id=row.obj.pk, organization_id__in=have - wanted).delete()
                new_links += [through(libraryitem_id=row.obj.pk, organization_id=o) for o in sorted(wanted - have)]
        through.objects.bulk_create(new_links)
        return touched

    def _sync_relations(self, rows: list[ItemRow], old_ids, tally: Tally) -> set[int]:
        current = defaultdict(list)
        for batch in fields.batched(old_ids):
            for rel in Relation.objects.filter(source_id__in=batch).only(
                    "id", "source_id", "relation_type", "target_id", "target_symbol", "sort_order"):
                current[rel.source_id].append(rel)
        candidates = self.candidates({t for r in rows for _k, t in r.relations})
        touched, new_rels, fix_rels, drop_sources = set(), [], [], []
        for row in rows:
            have = current.get(row.obj.pk, [])
            wanted = sorted((k, fields.target_match_key(t)) for k, t in row.relations)
            if sorted((r.relation_type, fields.target_match_key(r.target_symbol)) for r in have) == wanted:
                taken = {(r.relation_type, r.target_id) for r in have if r.target_id}
                texts = {(k, fields.target_match_key(t)): t for k, t in row.relations}
                for rel in have:
                    if rel.target_id is None:
                        text = texts.get((rel.relation_type, fields.target_match_key(rel.target_symbol)),
                                         rel.target_symbol)
                        target = self.pick(candidates.get(text, []), row.obj.pk)
                        if target and (rel.relation_type, target) not in taken:
                            rel.target_id = target
                            taken.add((rel.relation_type, target))
                            fix_rels.append(rel)
                            touched.add(row.obj.pk)
                        else:
                            tally.pending_relations.append(self._pending(row, rel.relation_type, text, rel.pk))
                continue
            if have:
                drop_sources.append(row.obj.pk)
            touched.add(row.obj.pk)
            taken = set()
            for order, (rel_type, text) in enumerate(row.relations):
                target = self.pick(candidates.get(text, []), row.obj.pk)
                if target and (rel_type, target) in taken:
                    target = None  # two texts naming one item: keep the second as written
                if target:
                    taken.add((rel_type, target))
                new_rels.append((row, Relation(source_id=row.obj.pk, relation_type=rel_type, target_id=target,
                                               target_symbol=text[:120], sort_order=order)))
        for batch in fields.batched(drop_sources):
            Relation.objects.filter(source_id__in=batch).delete()
        if fix_rels:
            Relation.objects.bulk_update(fix_rels, ["target"])
        created = Relation.objects.bulk_create([rel for _row, rel in new_rels])
        for (row, _rel), rel in zip(new_rels, created):
            if rel.target_id is None:
                tally.pending_relations.append(self._pending(row, rel.relation_type, rel.target_symbol, rel.pk))
        return touched

    @staticmethod
    def _pending(row: ItemRow, rel_type: str, text: str, rel_id) -> dict:
        values = row.values
        source = f"{values['symbol']} ({values['issued_on']:%d/%m/%Y})" if values["symbol"] else values["title"][:80]
        # ``was_unchanged`` is settled once the row's final status is known (end of _write_items).
        return {"id": rel_id, "source_id": row.obj.pk, "type": rel_type, "text": text, "source": source,
                "item_type": row.item_type, "was_unchanged": False}

    def _sync_guides(self, rows: list[ItemRow], tally: Tally) -> set[int]:
        packs = [r for r in rows if r.item_type == ItemType.SESSION_PACK]
        if not packs:
            return set()
        candidates = self.candidates({r.guide for r in packs if r.guide}, item_type=ItemType.STUDY_GUIDE)
        touched, fix = set(), []
        for row in packs:
            guide_id = self.pick(candidates.get(row.guide, [])) if row.guide else None
            if row.guide and guide_id is None:
                tally.pending_guides.append(self._pending(row, "guide", row.guide, None))
                continue
            if row.obj.guide_id != guide_id:
                row.obj.guide_id = guide_id
                fix.append(row.obj)
                touched.add(row.obj.pk)
        if fix:
            LibraryItem.objects.bulk_update(fix, ["guide"])
        return touched

    def _resolve_pending_relations(self, changed: set) -> list[tuple[str, str, str]]:
        """Forward references of relations, now that the whole file is in; returns those still unresolved."""
        pending, self._pending_relations = self._pending_relations, []
        unresolved = []
        for batch in fields.batched(pending):
            candidates = self.candidates({p["text"] for p in batch})
            ids = [p["id"] for p in batch]
            rels = {r.pk: r for r in Relation.objects.filter(pk__in=ids, target__isnull=True)}
            taken = set(Relation.objects.filter(source_id__in={p["source_id"] for p in batch}, target__isnull=False)
                        .values_list("source_id", "relation_type", "target_id"))
            fix = []
            for p in batch:
                rel = rels.get(p["id"])
                target = self.pick(candidates.get(p["text"], []), p["source_id"])
                if rel is not None and target and (p["source_id"], p["type"], target) not in taken:
                    rel.target_id = target
                    taken.add((p["source_id"], p["type"], target))
                    fix.append(rel)
                    self._count_late_change(p, changed)
                elif rel is not None:
                    unresolved.append((p["source"], p["type"], p["text"]))
            Relation.objects.bulk_update(fix, ["target"])
        return unresolved

    def _resolve_pending_guides(self, changed: set) -> list[tuple[str, str, str]]:
        pending, self._pending_guides = self._pending_guides, []
        fix, unresolved = [], []
        for batch in fields.batched(pending):
            candidates = self.candidates({p["text"] for p in batch}, item_type=ItemType.STUDY_GUIDE)
            for p in batch:
                guide_id = self.pick(candidates.get(p["text"], []))
                if guide_id is None:
                    unresolved.append((p["source"], "guide", p["text"]))
                    continue
                fix.append(LibraryItem(pk=p["source_id"], guide_id=guide_id))
                self._count_late_change(p, changed)
        if fix:
            LibraryItem.objects.bulk_update(fix, ["guide"])
        return unresolved

    def _count_late_change(self, pending: dict, changed: set):
        """An item reported 'unchanged' whose forward reference resolved only now is in fact updated."""
        if pending["source_id"] in changed:
            return
        changed.add(pending["source_id"])
        if pending["was_unchanged"]:
            counts = self.report.counts[pending["item_type"]]
            counts.unchanged -= 1
            counts.updated += 1


def read_lines(stream, progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, str | LineError]]:
    """Numbered lines of a binary stream, decoded one by one (a bad byte spoils only its own line)."""
    for line_no, raw in enumerate(stream, 1):
        if progress:
            progress(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield line_no, LineError("dòng không phải UTF-8")
            continue
        if line_no == 1:
            text = text.lstrip("\ufeff")
        if text.strip():
            yield line_no, text


def import_stream(stream, dry_run: bool = False, on_error=None, progress=None,
                  chunk_size: int = CHUNK_SIZE) -> ImportReport:
    """Import an open binary stream of JSON lines; with ``dry_run`` everything is rolled back at the end."""
    importer = LibraryImporter(dry_run=dry_run, on_error=on_error, chunk_size=chunk_size)
    if not dry_run:
        return importer.run(read_lines(stream, progress))
    with transaction.atomic():
        report = importer.run(read_lines(stream, progress))
        transaction.set_rollback(True)
    return report


def import_file(path, dry_run: bool = False, on_error=None, progress=None,
                chunk_size: int = CHUNK_SIZE) -> ImportReport:
    with open(path, "rb") as stream:
        return import_stream(stream, dry_run=dry_run, on_error=on_error, progress=progress, chunk_size=chunk_size)
