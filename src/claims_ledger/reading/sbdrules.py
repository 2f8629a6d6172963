"""pysbd's English processor, its rules run as compiled patterns and skipped where they cannot act.

pysbd applies every rule as `re.sub(pattern_string, ...)`: a hundred or more calls a
paragraph, each a look-up in the `re` module's cache, most of them scanning a text the rule
cannot match. Here each rule is pysbd's own pattern, compiled once, and it is run only when
the text holds what every match needs (a character or substring written beside it); where a
step is rare, pysbd's own method runs behind the same test. The result is pysbd's, step by
step (tests/test_sbdrules.py and tests/test_sentences.py hold it to pysbd's own).
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache
from typing import NamedTuple

from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.punctuation_replacer import replace_punctuation
from pysbd.utils import Rule

# The patterns pysbd builds from the text (one an abbreviation and its case): kept compiled
# beyond the `re` module's 512, bounded all the same against texts made to vary them.
_compiled = lru_cache(maxsize=4096)(re.compile)

# The pysbd release whose rules these are, read from its source: sentences.py uses this
# processor only under it (tests/test_sbdrules.py fails under another, until re-read).
RULES_OF = "0.3.4"

_METACHARACTERS = frozenset(".^$*+?{}[]\\|()")


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    replacement: str
    needs: str  # a substring every text the pattern matches in holds ("": always run)


def _rule(rule: Rule, needs: str | None = None) -> _Rule:
    """pysbd's rule compiled; a pattern of literal characters needs itself."""
    if needs is None:
        if _METACHARACTERS.intersection(rule.pattern):
            raise ValueError(f"say what {rule.pattern!r} needs")
        needs = rule.pattern
    return _Rule(re.compile(rule.pattern), rule.replacement, needs)


def _apply(text: str, rules: tuple[_Rule, ...]) -> str:
    """pysbd's Text.apply, each rule skipped where the text lacks what it needs."""
    for rule in rules:
        if rule.needs in text:
            text = rule.pattern.sub(rule.replacement, text)
    return text


# pysbd's \d matches any decimal digit, not only ASCII: so do these
_DIGIT_BESIDE_PERIOD = re.compile(r"\d\.|\.\d")
_ABBREVIATION_RULES = (
    _rule(English.PossessiveAbbreviationRule, ".'s"),  # \.(?='s...)
    _rule(English.KommanditgesellschaftRule, "Co."),  # (?<=Co)\.
    *(_rule(rule, ".") for rule in English.SingleLetterAbbreviationRules.All),  # \.
)
_AM_PM = tuple(  # (?<= P∯M)∯, (?<=A∯M)∯, (?<=p∯m)∯, (?<=a∯m)∯
    _rule(rule, needs)
    for rule, needs in zip(English.AmPmRules.All, ("P∯M∯", "A∯M∯", "p∯m∯", "a∯m∯"), strict=True)
)
_NUMBERS = tuple(  # \.(?=\d), (?<=\d)\.(?=\S), (?<=\r\d)\., (?<=^\d)\., (?<=^\d\d)\.
    _rule(rule, needs)
    for rule, needs in zip(English.Numbers.All, (".", ".", "\r", ".", "."), strict=True)
)
_AFTER_NUMBERS = (
    _rule(English.Abbreviation.WithMultiplePeriodsAndEmailRule, "."),  # (\.)
    _rule(English.GeoLocationRule, "°."),  # (?<=[a-zA-z]°)\.
    _rule(English.FileFormatRule, "."),  # \.
)
_NEW_LINE = (_rule(English.SingleNewLineRule, "\n"),)
_ELLIPSES = (
    *(_rule(rule, ".") for rule in English.EllipsisRules.All[:2]),  # (\s\.){3}, (\.\s){3}\.
    *(_rule(rule, "...") for rule in English.EllipsisRules.All[2:]),  # \.{3}, \.\.\.
)
_DOUBLE_PUNCTUATION = re.compile(English.DoublePunctuationRules.DoublePunctuation)
_DOUBLES = (
    _rule(English.DoublePunctuationRules.FirstRule, "?!"),
    _rule(English.DoublePunctuationRules.SecondRule, "!?"),
    _rule(English.DoublePunctuationRules.ThirdRule, "??"),
    _rule(English.DoublePunctuationRules.ForthRule, "!!"),
)
_MARKS = (
    _rule(English.QuestionMarkInQuotationRule, "?"),  # \?
    *(_rule(rule, "!") for rule in English.ExclamationPointRules.All),  # \!
)
# the first substitution of pysbd's sentence_boundary_punctuation
_EXCLAMATION_AT_END = (_rule(Rule(r"&ᓴ&$", "!"), "&ᓴ&"),)
_SENTENCE = re.compile(English.SENTENCE_BOUNDARY_REGEX)
_SYMBOLS = tuple(_rule(rule) for rule in English.SubSymbolsRules.All)
_ELLIPSES_BACK = tuple(_rule(rule) for rule in English.ReinsertEllipsisRules.All)
_SINGLE_QUOTE = (_rule(English.SubSingleQuoteRule),)
_LETTERS_ONLY = re.compile(r"\A[a-zA-Z]*\Z")
_QUOTATION_AT_END = re.compile(English.QUOTATION_AT_END_OF_SENTENCE_REGEX)
_SPLIT_AT_QUOTATION = re.compile(English.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX)
_MULTI_PERIOD = re.compile(English.MULTI_PERIOD_ABBREVIATION_REGEX, flags=re.IGNORECASE)
_EXCLAIMED = ("!", "ǃ")  # one of which each of pysbd's exclamation words holds


class _ListItems(ListItemReplacer):
    """pysbd's list markers, its searches skipped where no list can be found."""

    def iterate_alphabet_array(self, regex, parens=False, roman_numeral=False):
        if regex == self.ALPHABETICAL_LIST_WITH_PERIODS:
            items = _letters_before_periods(self.text)
        elif ")" in self.text:  # "a)" needs a parenthesis
            items = _compiled(regex).findall(self.text)
        else:
            return self.text
        alphabet = self.ROMAN_NUMERALS if roman_numeral else self.LATIN_NUMERALS
        # one item alone is never a list: pysbd compares it with itself (list_array[-1]),
        # finds no step of one, and leaves the text as it is
        if sum(item in alphabet for item in items) < 2:
            return self.text
        return super().iterate_alphabet_array(regex, parens, roman_numeral)

    def scan_lists(self, regex1, regex2, replacement, strip=False):
        # each of the numbers it looks for is a \d{1,2} before "." (or ")" in the second list)
        if not _NUMBER_BEFORE[regex1].search(self.text):
            return
        items = _compiled(regex1).findall(self.text)
        if len(items) < 2:  # one number alone changes nothing, but pysbd reads it with int()
            for item in items:
                int(item)
            return
        super().scan_lists(regex1, regex2, replacement, strip)

    def format_numbered_list_with_periods(self):
        self.replace_periods_in_numbered_list()
        if "♨" in self.text:  # all that follows acts on the marker alone
            self.add_line_breaks_for_numbered_list_with_periods()
            self.text = _apply(self.text, _LIST_PERIOD)

    def format_numbered_list_with_parens(self):
        self.replace_parens_in_numbered_list()
        if "☝" in self.text:  # all that follows acts on the marker alone
            self.add_line_breaks_for_numbered_list_with_parens()
            self.text = _apply(self.text, _LIST_MARKER)


_NUMBER_BEFORE = {
    ListItemReplacer.NUMBERED_LIST_REGEX_1: re.compile(r"\d\."),
    ListItemReplacer.NUMBERED_LIST_PARENS_REGEX: re.compile(r"\d\)"),
}
_LOWERCASE = frozenset(string.ascii_lowercase)


def _letters_before_periods(text: str) -> list[str]:
    """What pysbd's ALPHABETICAL_LIST_WITH_PERIODS finds, without its regular expression: each
    lowercase ASCII letter at the start or after white space (what re's \\s takes:
    str.isspace) that a period follows."""
    found = []
    at = text.find(".", 1)
    while at != -1:
        letter = text[at - 1]
        if letter in _LOWERCASE and (at == 1 or text[at - 2].isspace()):
            found.append(letter)
        at = text.find(".", at + 1)
    return found


_LIST_PERIOD = (_rule(ListItemReplacer.SubstituteListPeriodRule),)
_LIST_MARKER = (_rule(ListItemReplacer.ListMarkerRule),)


class _BetweenPunctuation(BetweenPunctuation):
    """pysbd's punctuation between quotes and brackets, each kind tried only where its opening
    mark is."""

    def sub_punctuation_between_quotes_and_parens(self, txt):
        for opening, step in (
            ("'", self.sub_punctuation_between_single_quotes),
            ("‘", self.sub_punctuation_between_single_quote_slanted),
            ('"', self.sub_punctuation_between_double_quotes),
            ("[", self.sub_punctuation_between_square_brackets),
            ("(", self.sub_punctuation_between_parens),
            ("«", self.sub_punctuation_between_quotes_arrow),
            ("--", self.sub_punctuation_between_em_dashes),
            ("“", self.sub_punctuation_between_quotes_slanted),
        ):
            if opening in txt:  # pysbd's order; each pattern begins with its mark
                txt = step(txt)
        return txt

    def sub_punctuation_between_parens(self, txt):
        return _compiled(self.BETWEEN_PARENS_REGEX_2).sub(replace_punctuation, txt)

    def sub_punctuation_between_double_quotes(self, txt):
        return _compiled(self.BETWEEN_DOUBLE_QUOTES_REGEX_2).sub(replace_punctuation, txt)


class _Abbreviations(English.AbbreviationReplacer):
    """pysbd's abbreviation replacer, asked only about the abbreviations that may act."""

    def replace(self):
        self.text = _apply(self.text, _ABBREVIATION_RULES)
        lines = self.text.splitlines(True)
        self.text = "".join(self.search_for_abbreviations_in_string(line) for line in lines)
        if "." in self.text:  # its pattern ends in a period
            self.text = _MULTI_PERIOD.sub(_periods_marked, self.text)
        if "∯" in self.text:  # what every rule after this one replaces, or follows
            self.text = _apply(self.text, _AM_PM)
            self.text = _ABBREVIATION_AS_BOUNDARY.sub(r"\1.", self.text)
        return self.text

    def search_for_abbreviations_in_string(self, text: str) -> str:
        for stripped in _candidates(text):
            matches = _compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE).findall(text)
            if not matches:
                continue
            # the braces are pysbd's: literal, so this finds next to nothing; kept as it is
            following = _compiled(r"(?<={" + re.escape(stripped) + "} ).{1}").findall(text)
            for ind, match in enumerate(matches):
                text = self.scan_for_replacements(text, match, ind, following)
        return text

    def scan_for_replacements(self, txt, am, ind, char_array):
        """pysbd's, its three patterns compiled once for each abbreviation as written."""
        char = char_array[ind] if ind < len(char_array) else ""
        abbr = am.strip()
        kind = abbr.lower()
        prepositive = kind in self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS
        if str(char).isupper() and not prepositive:
            return txt
        if prepositive:  # pysbd's replace_prepositive_abbr
            pattern = rf"(?<=\s{abbr})\.(?=(\s|:\d+))"
        elif kind in self.lang.Abbreviation.NUMBER_ABBREVIATIONS:  # replace_pre_number_abbr
            pattern = rf"(?<=\s{abbr})\.(?=(\s\d|\s+\())"
        else:  # replace_period_of_abbr
            pattern = (
                rf"(?<=\s{re.escape(abbr)})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))"
            )
        # a space before, for the pattern's \s at the start of the text, taken off after
        return _compiled(pattern).sub("∯", " " + txt)[1:]


def _periods_marked(match: re.Match[str]) -> str:
    return match.group().replace(".", "∯")


# pysbd's replace_abbreviation_as_sentence_boundary pattern, compiled
_ABBREVIATION_AS_BOUNDARY = re.compile(
    r"(U∯S|U\.S|U∯K|E∯U|E\.U|U∯S∯A|U\.S\.A|I|i.v|I.V)∯({})".format(
        "|".join(rf"(?=\s{word}\s)" for word in English.AbbreviationReplacer.SENTENCE_STARTERS)
    )
)

# What pysbd's `(?:^|\s|\r|\n)` takes before an abbreviation: made a plain space. (The last
# of the characters str.isspace() and so re's \s hold is U+3000; tests/test_sbdrules.py.)
_SPACES = str.maketrans(dict.fromkeys((c for c in map(chr, range(0x3001)) if c.isspace()), " "))
_ASCII_LETTER = re.compile("[a-z]", flags=re.IGNORECASE)  # and "İ", "ı", "ſ" and "K" (U+212A)
_ABBREVIATIONS = tuple(abbr.strip() for abbr in English.Abbreviation.ABBREVIATIONS)
_ORDER = {abbr: at for at, abbr in enumerate(_ABBREVIATIONS)}
_PLAIN = frozenset(abbr for abbr in _ABBREVIATIONS if re.fullmatch("[a-z]+", abbr))
_OTHERS = tuple(abbr for abbr in _ABBREVIATIONS if abbr not in _PLAIN)  # "e.g", "u.s", ...
_LONGEST = max(map(len, _PLAIN))


def _candidates(text: str) -> list[str]:
    """pysbd's abbreviations, in its order, that may change something in `text`.

    pysbd asks about every abbreviation that is a substring of the text ("no" in "November").
    In a text of ASCII and caseless characters one of letters alone can act only if a period
    follows it (all it replaces is that period; the periods replaced before it, with "∯",
    never make one), so it ends the letters before a period, and if it starts a word (its
    pattern begins with the start or white space).
    """
    lowered = text.lower()
    if not _caseless(text):  # where lower() and re's IGNORECASE may part ways: pysbd's test
        return [abbr for abbr in _ABBREVIATIONS if abbr in lowered]
    found = {abbr for abbr in _OTHERS if abbr in lowered}  # pysbd's own test
    before_periods = []
    at = lowered.find(".")
    while at != -1:
        start = at - 1
        while start >= 0 and at - start <= _LONGEST and lowered[start] in _LOWERCASE:
            if lowered[start:at] in _PLAIN:
                before_periods.append(lowered[start:at])
            start -= 1
        at = lowered.find(".", at + 1)
    if before_periods:
        words = " " + lowered.translate(_SPACES)
        found.update(abbr for abbr in before_periods if " " + abbr in words)
    return sorted(found, key=_ORDER.__getitem__)


def _caseless(text: str) -> bool:
    """Whether lower() keeps each character of `text` one character, and re's IGNORECASE takes
    none but the ASCII letters for an ASCII letter: so that an abbreviation's match in `text`
    is a match of the lowered abbreviation in `text.lower()`, at the same place."""
    if text.isascii() or text.replace("∯", "").isascii():  # the period pysbd marked is plain
        return True
    return all(_plain(char) for char in set(text) if not char.isascii())


@cache
def _plain(char: str) -> bool:
    return len(char.lower()) == 1 and _ASCII_LETTER.match(char) is None


class _English(English):
    AbbreviationReplacer = _Abbreviations
    BetweenPunctuation = _BetweenPunctuation


class SentenceProcessor(Processor):
    """pysbd's Processor for English: the same steps, each skipped where it cannot act."""

    def __init__(self, text: str):
        super().__init__(text, _English)

    def process(self):
        if not self.text:
            return self.text
        self.text = _ListItems(self.text.replace("\n", "\r")).add_line_break()
        self.replace_abbreviations()
        # each of the numbers' rules replaces a period beside a digit, and makes none
        if _DIGIT_BESIDE_PERIOD.search(self.text):
            self.text = _apply(self.text, _NUMBERS)
        if "!" in self.text or "?" in self.text:  # (!|\?){3,}
            self.replace_continuous_punctuation()
        if _REFERENCE.search(self.text):  # (\.|∯) before a \d or a \[
            self.text = _NUMBERED_REFERENCE.sub(r"∯\2\r\7", self.text)
        self.text = _apply(self.text, _AFTER_NUMBERS)
        return self.split_into_segments()

    def split_into_segments(self):
        if "(" in self.text:  # the parentheses between quotes: \(
            self.check_for_parens_between_quotes()
        sents = [_ellipses(sent) for sent in self.rm_none_flatten(self.text.split("\r"))]
        sents = self.rm_none_flatten([self.check_for_punctuation(sent) for sent in sents])
        found = []
        for sent in sents:
            processed = self.post_process_segments(_apply(sent, _SYMBOLS))
            if processed and isinstance(processed, str):
                found.append(processed)
            elif isinstance(processed, list):
                found.extend(processed)
        return [_apply(sent, _SINGLE_QUOTE) for sent in found]

    def post_process_segments(self, txt):
        if len(txt) > 2 and _LETTERS_ONLY.search(txt):
            return txt
        txt = _apply(txt, _ELLIPSES_BACK)
        if _QUOTATION_AT_END.search(txt):
            return _SPLIT_AT_QUOTATION.split(txt)
        return txt.replace("\n", "").strip()

    def process_text(self, txt):
        if txt[-1] not in self.lang.Punctuations:
            txt += "ȸ"
        if any(mark in txt for mark in _EXCLAIMED):
            txt = ExclamationWords.apply_rules(txt)
        txt = self.between_punctuation(txt)
        if "!" in txt or "?" in txt:  # what the double marks and the marks' rules all hold
            if not _DOUBLE_PUNCTUATION.match(txt):
                txt = _apply(txt, _DOUBLES)
            txt = _apply(txt, _MARKS)
        if "(" in txt:  # roman numerals in parentheses: \(
            txt = ListItemReplacer(txt).replace_parens()
        return self.sentence_boundary_punctuation(txt)

    def sentence_boundary_punctuation(self, txt):
        # English has neither of the colon and comma rules pysbd applies first where a
        # language has them (tests/test_sbdrules.py holds it)
        txt = _apply(txt, _EXCLAMATION_AT_END)
        return [match.group() for match in _SENTENCE.finditer(txt)]


_NUMBERED_REFERENCE = re.compile(English.NUMBERED_REFERENCE_REGEX)
_REFERENCE = re.compile(r"[.∯][\d\[]")


def _ellipses(sent: str) -> str:
    """pysbd's new line and ellipsis rules: the latter each need three periods or more, and
    none of them makes one."""
    sent = _apply(sent, _NEW_LINE)
    return _apply(sent, _ELLIPSES) if sent.count(".") >= 3 else sent
