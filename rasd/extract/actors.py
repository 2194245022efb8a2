"""Perpetrators named in a sentence: groups with their role, less the groups named only
as context (a patron another group is tied to, the background of the act)."""

from __future__ import annotations

import datetime as dt

from rasd.extract.analysis import Sentence
from rasd.extract.evidence import evidence
from rasd.extract.opponents import other_side
from rasd.kb.base import KnowledgeBase
from rasd.kb.matcher import Match, bare
from rasd.model import Actor
from rasd.text.normalize import key

_NOT_GROUP_AFTER = {
    bare(key(w))
    for w in (
        "عسكرية",
        "جوية",
        "بحرية",
        "أمريكية",
        "شعبية",
        "قانونية",
        "الذهبية",
        "الأساسية",
        "العامة",
        "الاقتصادية",
        "التجارية",
        "الصناعية",
    )
}


# a sentence that sets the attack in its context: "ويأتي الهجوم بينما يصعد متطرفو طالبان …"
_FRAME_OPENERS = frozenset(key(w) for w in ("يأتي", "ويأتي", "تأتي", "وتأتي", "جاء", "وجاء"))
# a clause of its own time: what follows is the background of the act before it
_TIME_FRAMES = frozenset(key(w) for w in ("بينما", "وبينما", "فيما", "وسط"))
_TIME_FRAME_PAIRS = ((key("في"), key("وقت")), (key("في"), key("ظل")))
_NEG = frozenset(key(w) for w in ("لم", "ولم", "لا", "ولا"))
_CLAIM_WORDS = frozenset(
    key(w) for w in ("تعلن", "يعلن", "تتبن", "يتبن", "تتبنى", "يتبنى", "مسؤوليتها", "مسؤوليته")
)
_ROLE_CUES = frozenset({"status_claimed", "claim_role", "suspect_role"})


def _frame_sentence(sentence: Sentence) -> bool:
    toks = sentence.doc.tokens
    head = range(sentence.first_token, min(sentence.first_token + 2, sentence.last_token))
    return any(key(toks[i].norm) in _FRAME_OPENERS for i in head)


def _nobody_claimed(sentence: Sentence) -> bool:
    """ "لم تعلن أي جهة مسؤوليتها", "ولم تتبن أي جماعة الهجوم"."""
    keys = [key(w) for w in sentence.norms()]
    return any(
        k in _NEG and not _CLAIM_WORDS.isdisjoint(keys[i + 1 : i + 5]) for i, k in enumerate(keys)
    )


def _time_frames(sentence: Sentence) -> list[int]:
    keys = [key(w) for w in sentence.norms()]
    base = sentence.first_token
    out = []
    for i, k in enumerate(keys):
        if k in _TIME_FRAMES:
            out.append(base + i)
        elif i + 1 < len(keys) and (k, keys[i + 1]) in _TIME_FRAME_PAIRS:
            out.append(base + i + 1)
    return out


def _cues(sentence: Sentence) -> list[Match[str]]:
    """The sentence's cues less the nouns that only look like a cue verb with a pronoun:
    "حملة" (a campaign) is not "حمله" (blamed him)."""
    return [
        m for m in sentence.cues if not (m.payload == "suspect_role" and m.span.text.endswith("ة"))
    ]


def _nearest_is_denial(sentence: Sentence, cues: list[Match[str]], at: int) -> bool:
    """Whether the cue of denial nearest the group is nearer than any claim: in
    "وتبنى التنظيم الهجوم … وهو ما نفته كييف" the denial is another party's."""
    deny = [m.first for m in cues if m.payload == "status_denied"]
    claim = [m.first for m in cues if m.payload == "status_claimed"]
    claim += [t.first for t in sentence.triggers if t.payload.type == "claim"]
    if not deny:
        return False
    return min(abs(d - at) for d in deny) <= min((abs(c - at) for c in claim), default=10**9)


def _blamed(cues: list[Match[str]], gm: Match[tuple[str, str]]) -> bool:
    """ "اتهمت الوزارة الوحدات بتنفيذ التفجير، وهي تهمة نفتها الوحدات": the group is
    blamed before the denial, which is the accused's own; the blame stands."""
    deny = min((m.first for m in cues if m.payload == "status_denied"), default=-1)
    return any(m.payload == "suspect_role" and m.last < gm.first < deny for m in cues)


def find_actors(sentence: Sentence, kb: KnowledgeBase, published: dt.date | None) -> list[Actor]:
    """Groups named in the sentence with their role (claimed / suspected / attributed)."""
    cues = _cues(sentence)
    kinds = {m.payload: m for m in cues}
    negated_claim = False
    if "status_claimed" in kinds or "claim_role" in kinds:
        toks = sentence.doc.tokens
        for m in cues:
            if m.payload in ("status_claimed", "claim_role"):
                prev = [
                    key(toks[j].norm)
                    for j in range(max(sentence.first_token, m.first - 2), m.first)
                ]
                if any(p in ("لم", "لا", "ولم") for p in prev):
                    negated_claim = True
    denied = "status_denied" in kinds
    out: dict[str, Actor] = {}
    if not sentence.groups or _frame_sentence(sentence):
        return []
    triggers_at = [t.first for t in sentence.triggers]
    toks = sentence.doc.tokens
    unclaimed = _nobody_claimed(sentence)
    frames = _time_frames(sentence)
    roles = [c.last for c in cues if c.payload in _ROLE_CUES]
    opponents = other_side(sentence)
    for gm in sentence.groups:
        gid, form = gm.payload
        if gm.first in opponents:
            continue  # "قوة لقتال بوكو حرام", "حاجز لوحدات حماية الشعب": the other side
        if unclaimed and "suspect_role" not in kinds:
            continue  # "لم تعلن أي جهة مسؤوليتها … بين الحكومة وحركة طالبان"
        if triggers_at and any(
            triggers_at[0] < f < gm.first and not any(f < r < gm.first for r in roles)
            for f in frames
        ):
            continue  # "هاجم مسلحان القنصلية، في وقت … حملة القصف على متمردي الحزب"
        nxt = key(toks[gm.last + 1].norm) if gm.last + 1 < len(toks) else ""
        if gm.first == gm.last and bare(nxt) in _NOT_GROUP_AFTER:
            continue  # "القاعدة العسكرية" is a military base, not al-Qaeda
        if form == "context":
            near = any(abs(t - gm.first) <= 6 for t in triggers_at)
            member_near = any(
                c.payload == "member_role" and 0 < gm.first - c.last <= 3 for c in cues
            )
            if not (near or member_near):
                continue
        if denied and _nearest_is_denial(sentence, cues, gm.first) and not _blamed(cues, gm):
            continue
        group = kb.groups.get(gid)
        if "status_claimed" in kinds and not negated_claim:
            role = "claimed"
        elif "suspect_role" in kinds:
            role = "suspected"
        else:
            role = "attributed"
        if gid not in out:
            out[gid] = Actor(
                name=group.name,
                role=role,  # type: ignore[arg-type]
                name_ar=group.name_ar,
                surface=gm.span.text,
                kb_id=gid,
                evidence=evidence(gm.span, sentence),
            )
    return list(out.values())


# words that tie a group to a bigger one: "الجماعة المرتبطة بتنظيم القاعدة",
# "الفرع المصري لتنظيم داعش", "بعد مبايعته تنظيم داعش"
_AFFILIATION = frozenset(
    key(w)
    for w in (
        "مرتبطة",
        "المرتبطة",
        "مرتبط",
        "المرتبط",
        "المرتبطين",
        "المرتبطون",
        "الموالية",
        "موالية",
        "الموالي",
        "الموالين",
        "موالين",
        "المقربة",
        "المقربين",
        "فرع",
        "الفرع",
        "ذراع",
        "الذراع",
        "بايعت",
        "بايع",
        "بايعوا",
        "مبايعته",
        "مبايعتها",
        "مبايعتهم",
    )
)
AFFILIATION_WINDOW = 3  # tokens between the tying word and the group
AFFILIATION_ACT_GAP = 4  # an act this close before the tying word makes it an attribution
_OR = frozenset(key(w) for w in ("أو", "او", "و"))


def affiliation_groups(sentence: Sentence) -> set[str]:
    """Ids of groups the sentence names only as the bigger group another one is tied
    to (its parent, patron or the network it pledged to), not as an actor."""
    if not sentence.groups:
        return set()
    toks = sentence.doc.tokens
    # "الهجوم على القنصلية مرتبط بحزب …": tied to an act, the group is its author
    acts = {i for t in sentence.triggers for i in range(t.first, t.last + 1)}
    ties = [
        i
        for i in range(sentence.first_token, sentence.last_token)
        if key(toks[i].norm) in _AFFILIATION
        and not any(i - AFFILIATION_ACT_GAP <= j < i for j in acts)
    ]
    if not ties:
        return set()
    out: set[str] = set()
    prev_tied = -1  # last token of the previous tied group
    for gm in sorted(sentence.groups, key=lambda g: g.first):
        tied = any(0 < gm.first - i <= AFFILIATION_WINDOW for i in ties)
        if not tied and prev_tied >= 0 and gm.first - prev_tied == 2:
            tied = key(toks[gm.first - 1].norm) in _OR  # "بتنظيم القاعدة أو تنظيم داعش"
        if tied:
            out.add(gm.payload[0])
            prev_tied = gm.last
    return out
