"""Whether a trigger describes a real, current event: negation, denial, hypotheticals, history
and running totals. Cues are lexicon entries (``cues.yaml``); their ids go into the evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from services.extractor.lexicon import Match

if TYPE_CHECKING:
    from services.extractor.dates import DateMention

#: How far before a trigger a negation/hypothetical cue still governs it, in characters
#: (about five words: "did not carry out any airstrikes").
NEG_WINDOW = 40
HYPO_WINDOW = 60
#: Modal verbs that make the noun just before them hypothetical: "artillery may shell X".
MODALS = frozenset("would could might may will shall must".split())
#: How far after a trigger noun its modal verb may stand ("Russian warplanes could strike").
MODAL_AFTER = 30
#: A date this long before publication makes its sentence history, not news.
BACKGROUND_DAYS = 45
#: A month named with no day that ended more than this many days before publication is past.
MONTH_OVER_DAYS = 7
#: "were denied access", "after being denied entry": a passive "denied" deprives, it refutes
#: nothing (the protest over it is news).
_PASSIVE_BEFORE = ("being ", "been ", "was ", "were ", "is ", "are ", "be ")
#: Cues whose "denied" reading needs an active verb.
_DENY_WORDS = frozenset({"denied", "denies", "deny"})
#: Remembering: history for the event remembered, but a protest held to remember it is news.
COMMEMORATION = "cue.commemoration"
#: A report made before the news ("On Thursday, the army had reported fighting"): history only
#: with a day of its own before the report's.
EARLIER_REPORT = "cue.earlier_report"
PROTEST_EVENT = "Protests"


#: The stated reason for a detention or an attack ("on allegations of previously collaborating",
#: "over suspicions of stealing"): a cue inside it describes the reason, not the event, so it
#: makes the event neither history nor everyday crime. Matched on folded text, up to
#: ``MOTIVE_REACH`` characters before the cue.
_MOTIVE = re.compile(
    r"\b(?:allegations? of|accus(?:ed|ations?) of|suspicions? of|suspected of|charges? of"
    r"|for allegedly|for having)\b"
)
MOTIVE_REACH = 60

#: The cue kinds ``cancelled`` reads: a sentence without any of them cancels no trigger.
CANCEL_KINDS = frozenset({"denial", "negation", "hypothetical"})


def cues_of(matches: list[Match], kind: str) -> list[Match]:
    return [m for m in matches if m.kind == "cue" and m.entry.kind == kind]


def in_motive(
    m: Match, sent_text_folded: str, sent_start: int, trigger: Match | None = None
) -> bool:
    """The cue lies in a stated reason ("on allegations of previously ..."), and the trigger,
    when given, does not: in "accused of planning last year's bombing" the bombing is the
    reason too, and the cue dates it."""
    lo = max(0, m.start - sent_start - MOTIVE_REACH)
    opens = [x.start() for x in _MOTIVE.finditer(sent_text_folded, lo, m.start - sent_start)]
    if not opens:
        return False
    return trigger is None or trigger.start - sent_start < opens[-1]


def passive_denial(m: Match, sent_text_folded: str, sent_start: int) -> bool:
    """ "were denied access": deprivation, not a denial of the event."""
    word = sent_text_folded[m.start - sent_start : m.end - sent_start]
    if word not in _DENY_WORDS:
        return False
    return sent_text_folded[: m.start - sent_start].endswith(_PASSIVE_BEFORE)


def _would_be(m: Match, sent_text_folded: str, sent_start: int) -> bool:
    """ "would-be suicide bombers" are real attackers, not a hypothetical attack."""
    return sent_text_folded[m.end - sent_start : m.end - sent_start + 3] == "-be"


#: "May" the month, not the modal: a day number beside it ("3 May", "May 3") or a word that
#: comes before a month ("in May", "early May", "last May").
_MONTH_MAY = re.compile(r"(?:\d|\b(?:in|on|of|since|until|by|early|mid|late|last|next|this))\s*$")


def _month_may(m: Match, sent_text_folded: str, sent_start: int) -> bool:
    a, b = m.start - sent_start, m.end - sent_start
    if sent_text_folded[a:b] != "may":
        return False
    after = sent_text_folded[b : b + 3].lstrip()
    return after[:1].isdigit() or _MONTH_MAY.search(sent_text_folded, max(0, a - 8), a) is not None


def cancelled(
    trigger: Match, sent_matches: list[Match], sent_text_folded: str, sent_start: int
) -> str | None:
    """Rule id of the cue that cancels this trigger, or None when the trigger stands."""
    for m in cues_of(sent_matches, "denial"):
        if not passive_denial(m, sent_text_folded, sent_start):
            return m.entry.id
    for m in cues_of(sent_matches, "negation"):
        if m.end <= trigger.start and trigger.start - m.end <= NEG_WINDOW:
            if passive_denial(m, sent_text_folded, sent_start):
                continue
            between = sent_text_folded[m.end - sent_start : trigger.start - sent_start]
            if "," in between or " but " in between or " and " in between:
                continue
            return m.entry.id
    for m in cues_of(sent_matches, "hypothetical"):
        if m.entry.event_types and trigger.entry.event_type not in m.entry.event_types:
            continue
        if m.start <= trigger.start and trigger.end <= m.end:
            return m.entry.id  # the event word inside the cue: "an arrest warrant"
        if m.end <= trigger.start and trigger.start - m.end <= HYPO_WINDOW:
            if _would_be(m, sent_text_folded, sent_start) or _month_may(
                m, sent_text_folded, sent_start
            ):
                continue
            between = sent_text_folded[m.end - sent_start : trigger.start - sent_start]
            if "," in between or ";" in between:
                continue
            if _DEFINITE_END.search(between):
                continue  # "will meet over the Israeli strike": an event already told of
            return m.entry.id
        if m.entry.direction == "backward":
            # "an offensive on the enclave is imminent": the cue follows what it makes unreal
            if trigger.end <= m.start and _governs(m, trigger) and not _CLAUSE_BREAK.search(
                    sent_text_folded, trigger.end - sent_start, m.start - sent_start):
                return m.entry.id
            continue
        if trigger.end <= m.start and m.start - trigger.end <= MODAL_AFTER:
            word = sent_text_folded[m.start - sent_start : m.end - sent_start]
            between = sent_text_folded[trigger.end - sent_start : m.start - sent_start]
            then = sent_text_folded[m.end - sent_start : m.end - sent_start + 6].split()[:1]
            if (
                word in MODALS
                and "," not in between
                and ";" not in between
                and then not in (["be"], ["not"], ["never"])  # "the strike will be investigated"
                and not _month_may(m, sent_text_folded, sent_start)
            ):
                return m.entry.id  # "artillery may shell Manbij next week"
    return None


#: Between an event word and a cue after it, the end of the clause that holds both.
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:but|and|while|whereas)\b")


#: A preposition and a definite article right before the event word (an adjective or two
#: between): the event is one known already, which the hypothetical words are about ("will meet
#: over the Israeli strike"), not one they imagine ("might have been caught in the crossfire").
_DEFINITE_END = re.compile(
    r"\b(?:over|about|into|of|for|after|following)[ \t]+the[ \t]+(?:[a-z-]+[ \t]+){0,2}$")


def _in_recent(m: Match, sent_matches: list[Match]) -> bool:
    """The cue lies inside a recent period ("in the past few days" holds "in the past")."""
    return any(r.start <= m.start and m.end <= r.end for r in cues_of(sent_matches, "recent"))


#: A year naming the event its words describe: after an article, before the event's words, an
#: adjective or two around it ("a deadly 2017 chemical attack", "the 2013 sarin attack", a
#: headline's "jailed over 2019 market bombing"; not "who cleared the test in 2022 staged a
#: protest").
_YEAR_BEFORE = re.compile(
    r"\b(?:a|an|the|its|their|over|after|for|of)\s+(?:[a-z-]+\s+)?((?:19|20)\d\d)\s+"
    r"(?:[a-z][a-z-]*\s+){0,3}$"  # "the 2013 westgate shopping mall attack"
    # a headline drops the article: "jailed for role in 2012 massacre" (the event word right
    # after the year; "passed the test in 2022 staged a protest" dates the test)
    r"|\bin\s+((?:19|20)\d\d)\s+$"
)


#: Years or months marked as gone by since the event ("survivors mark nine years", "marking a
#: decade since the siege"): the sentence's events are history (a gathering held to mark them is
#: today's).
_ELAPSED = re.compile(
    r"\bmark(?:s|ed|ing)?\s+(?:the\s+)?(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|twenty|[a-z]+-[a-z]+)\s+(?:full\s+)?"
    r"(?:years?|decades?|months?)\b")
ELAPSED_RULE = "bg.elapsed"

_SENTENCE_ENDS = (".", "!", "?", '"', "'", "\u201d")


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that ``first`` opens."""
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def background_of(
    sent_matches: list[Match], dates: list, published: dt.date, trigger: Match | None = None,
    sent_text_folded: str = "", sent_start: int = 0,
) -> str | None:
    """Rule id that makes a sentence background (history/context), or None. A commemoration
    does not make a protest history: the march held in memory of an event happens today; nor
    does a stated reason ("detained ... on allegations of previously collaborating")."""
    protest = trigger is not None and trigger.entry.event_type == PROTEST_EVENT
    for m in cues_of(sent_matches, "background"):
        if (protest and m.entry.id == COMMEMORATION) or _in_recent(m, sent_matches):
            continue
        if trigger is not None and not _governs(m, trigger):
            continue
        if trigger is not None and m.entry.event_types and (
                trigger.entry.event_type not in m.entry.event_types):
            continue
        if sent_text_folded and in_motive(m, sent_text_folded, sent_start, trigger):
            continue
        if m.entry.id == EARLIER_REPORT and not any(
                d.precision == "day" and d.date < published for d in dates):
            continue  # "activists had reported that jets struck": earlier the same day, maybe
        return m.entry.id
    for d in dates:
        if sent_text_folded and other_date(d, trigger, sent_text_folded, sent_start):
            continue
        if d.precision in ("day", "month") and (published - d.date).days > BACKGROUND_DAYS:
            return d.rule_id + ".past"
        if d.precision == "month" and (published - month_end(d.date)).days > MONTH_OVER_DAYS:
            return d.rule_id + ".past"  # "a missile hit the district in May", told mid-June
        if d.precision == "year" and d.date.year < published.year:
            return d.rule_id + ".past"  # "In 2011 the group attacked the hospital"
    if not protest and sent_text_folded and _ELAPSED.search(sent_text_folded):
        return ELAPSED_RULE  # "survivors of the gas attack mark nine years"
    if trigger is not None and sent_text_folded:
        # "the site of a deadly 2018 gas attack": a past year naming the event
        before = _YEAR_BEFORE.search(sent_text_folded, 0, trigger.start - sent_start)
        if before is not None and before.group(2) is not None and (
                sent_text_folded.rstrip().endswith(_SENTENCE_ENDS)):
            before = None  # a sentence keeps its articles: "hired in 2022 protested" is a verb's
        if before is not None and int(before.group(1) or before.group(2)) < published.year:
            return "bg.year_named"
    return None


#: Words that open a clause of their own between a trigger and a later date: the date belongs to
#: what the clause describes ("stole the railway which was built in 1913", "the worst toll since
#: it intervened in 2016").
_CLAUSE_OPENERS = re.compile(r"\b(?:which|who|whom|whose|that|built|founded|established|since)\b")


#: Right after a year, a clause the year dates ("in 2018, when the barrel bombs fell"), or one
#: that tells what came before the year's act, so happened in it or earlier ("fled the city in
#: 2013 after her street was shelled").
_WHEN_CLAUSE = re.compile(r"[ \t]*,?[ \t]*(?:when|after)\b")


#: A future verb in the clause before a date: the date is when that will happen.
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|is[ \t]+to|are[ \t]+to|is[ \t]+due[ \t]+to|are[ \t]+due[ \t]+to|"
    r"plans[ \t]+to|scheduled[ \t]+to|is[ \t]+set[ \t]+to|are[ \t]+set[ \t]+to)[ \t][^,;]*$")


def other_date(d, trigger: Match | None, sent_text_folded: str, sent_start: int) -> bool:
    """A date that dates something else than the event: the start of a period ("for the first
    time since 2012"), a future action told before the event, a year inside the sentence before
    the event, or a later clause about another thing ("... the railway, which was built in
    1913")."""
    a = d.start - sent_start
    if sent_text_folded.startswith("since", a):
        return True
    if trigger is not None and d.start < trigger.start and _FUTURE_BEFORE.search(
            sent_text_folded, 0, a):
        return True  # "will meet on Friday over the strike that killed 45 on Sunday"
    if d.precision != "year" or trigger is None:
        return False
    if d.start < trigger.start:
        # a year before the event dates it only when it opens the sentence ("In 2011 the group
        # attacked") or the clause that tells it ("the worst was in 2018, when barrel bombs
        # fell"); "candidates who passed the test in 2022 staged a protest" dates the test
        if _WHEN_CLAUSE.match(sent_text_folded, d.end - sent_start, trigger.start - sent_start):
            return False
        return bool(sent_text_folded[:a].strip(" \t\n\"'("))
    between = sent_text_folded[trigger.end - sent_start : a]
    openers = list(_CLAUSE_OPENERS.finditer(between))
    if (len(openers) == 1 and openers[0].group() in ("which", "that")
            and not between[: openers[0].start()].strip(" \t,")):
        return False  # the event's own relative clause: "air strikes which hit clinics in 2019"
    return bool(openers)


def _governs(cue: Match, trigger: Match) -> bool:
    """The cue's direction and reach take in the trigger."""
    if cue.entry.direction == "forward" and cue.start > trigger.start:
        return False
    if cue.entry.direction == "backward" and cue.start < trigger.start:
        return False
    reach = cue.entry.reach
    if reach is None:
        return True
    gap = cue.start - trigger.end if cue.start >= trigger.end else trigger.start - cue.end
    return gap <= reach


def cumulative_of(sent_matches: list[Match]) -> str | None:
    for m in cues_of(sent_matches, "cumulative"):
        if not _in_recent(m, sent_matches):
            return m.entry.id
    return None


#: What may stand between a pattern word and its event word: one adjective or demonym ("ongoing
#: Russian air strikes"), never a determiner or a verb's "to" ("continued its assault",
#: "continued to attack the post" tell of one event).
_GENERIC_GAP = re.compile(r"[ \t]+(?:[a-z-]+[ \t]+)?")
_DETERMINERS = frozenset({"its", "their", "the", "a", "an", "his", "her", "this", "that", "to"})


def generic(trigger: Match, cues: list[Match], folded: str) -> str | None:
    """The id of a ``generic`` cue that makes the trigger a pattern of attacks ("continued
    attacks", "as fighting continues"), or None."""
    for c in cues:
        if c.entry.kind != "generic":
            continue
        if c.entry.direction == "backward":
            a, b = trigger.end, c.start
        else:
            a, b = c.end, trigger.start
        if not 0 < b - a <= 20:
            continue
        gap = _GENERIC_GAP.fullmatch(folded, a, b)
        if gap is not None and not _DETERMINERS.intersection(folded[a:b].split()):
            return c.entry.id
    return None


def partitive(cues: list[Match], sent_start: int) -> bool:
    """The sentence opens on a share of a total ("Most died in air strikes")."""
    return any(c.entry.kind == "partitive" and c.start - sent_start <= 2 for c in cues)


def said_date(d: DateMention, matches: list[Match], sent_start: int) -> bool:
    """A date right after "said"/"announced" is when it was said, not
    when it happened."""
    for m in cues_of(matches, "report_verb"):
        if m.end <= d.start and d.start - m.end <= 25 and m.start - sent_start > 12:
            return True
    return False


#: What may stand between a date that names an event and its event word: a possessive and up to
#: one word ("Tuesday's air strike", "Monday's deadly attack"), or, after "the" and a date, one
#: space ("the August 2018 strike").
_POSSESSIVE_DATE = re.compile(r"(?:'s|’s)[ \t]+(?:[a-z-]+[ \t]+)?")
_ATTRIBUTIVE_DATE = re.compile(r"[ \t]+")


def names_event(d: DateMention, trigger: Match, folded: str, offset: int = 0) -> bool:
    """The date names the event word itself: "Tuesday's air strike", "the August 2018 strike".
    ``folded`` starts at ``offset`` of the text the mentions point into."""
    a, b = d.end - offset, trigger.start - offset
    if not 0 < b - a <= 16:
        return False
    if _POSSESSIVE_DATE.fullmatch(folded, a, b):
        return True
    return folded.startswith("the ", d.start - offset) and bool(
        _ATTRIBUTIVE_DATE.fullmatch(folded, a, b))
