"""sbdrules: each of pysbd's rules skipped only where it cannot match, and the processor's
sentences pysbd's own, step by step."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Rule

from claims_ledger.reading import sbdrules
from claims_ledger.reading.sbdrules import SentenceProcessor
from helpers import SENTENCE_TOKENS

TEXTS = st.lists(st.sampled_from(SENTENCE_TOKENS), max_size=30).map("".join)


def pysbd_or_error(process, text: str) -> list[str] | type:
    try:
        return process(text)
    except ValueError:  # pysbd's int() of "\x1c5" and the like: ours must raise it too
        return ValueError


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_the_processor_cuts_as_pysbds_own(text: str):
    ours = pysbd_or_error(lambda t: SentenceProcessor(t).process(), text)
    assert ours == pysbd_or_error(lambda t: Processor(t, English).process(), text)


@pytest.mark.parametrize(
    "text",
    [
        "1. One. 2. Two. 3. Three.",
        "a. First b. Second c. Third",
        "1) One 2) Two 3) Three",
        "(i) One (ii) Two (iii) Three",
        "a) one b) two",
        "\x1c5. x",
        'He said "Stop!" and left. Then (as ever) it rained.',
        "Wait... What? No!!! Yes?! Done.",
        "See fig. 3 at 5 p.m. in the U.S. He agreed.",
        "The file .jpg is 45°. 3 degrees. Co. KG paid.",
        "It rose.[1] The end.[2, 3] He left.",
        "It rose.[1] The end.[2, 3] He left.12 They stayed.",
    ],
)
def test_lists_marks_and_quotes_are_cut_as_pysbd_cuts_them(text: str):
    ours = pysbd_or_error(lambda t: SentenceProcessor(t).process(), text)
    assert ours == pysbd_or_error(lambda t: Processor(t, English).process(), text)


RULES = [
    rule
    for name, value in vars(sbdrules).items()
    if name.isupper() and isinstance(value, tuple)
    for rule in value
    if isinstance(rule, sbdrules._Rule)
]


def test_every_rule_says_what_it_needs():
    assert len(RULES) > 40
    assert all(isinstance(rule.needs, str) and rule.needs for rule in RULES)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_no_rule_changes_a_text_without_what_it_needs(text: str):
    for rule in RULES:
        if rule.needs not in text:
            assert rule.pattern.sub(rule.replacement, text) == text, rule.pattern.pattern


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_the_guards_of_the_numbers_lists_and_references_hold(text: str):
    if not sbdrules._DIGIT_BESIDE_PERIOD.search(text):
        for rule in English.Numbers.All:
            assert re.sub(rule.pattern, rule.replacement, text) == text
    if not sbdrules._REFERENCE.search(text):
        assert not re.search(English.NUMBERED_REFERENCE_REGEX, text)
    for regex, guard in sbdrules._NUMBER_BEFORE.items():
        if not guard.search(text):
            assert not re.findall(regex, text)
    if text.count(".") < 3:
        assert sbdrules._ellipses(text) == sbdrules._apply(text, sbdrules._NEW_LINE)
        assert re.sub(r"\.\.\.", "", text) == text


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_the_letters_before_periods_are_what_pysbds_pattern_finds(text: str):
    expected = re.findall(ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS, text)
    assert sbdrules._letters_before_periods(text) == expected


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_lists_are_marked_as_pysbd_marks_them(text: str):
    def marked(kind, t):
        return kind(t).add_line_break()

    ours = pysbd_or_error(lambda t: marked(sbdrules._ListItems, t), text)
    assert ours == pysbd_or_error(lambda t: marked(ListItemReplacer, t), text)


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_abbreviations_are_replaced_as_pysbd_replaces_them(text: str):
    ours = sbdrules._Abbreviations(text, sbdrules._English).replace()
    assert ours == English.AbbreviationReplacer(text, English).replace()
    assert isinstance(sbdrules._English.AbbreviationReplacer(text, English), AbbreviationReplacer)


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_punctuation_between_quotes_is_replaced_as_pysbd_replaces_it(text: str):
    assert sbdrules._BetweenPunctuation(text).replace() == BetweenPunctuation(text).replace()


@pytest.mark.parametrize(
    ("char", "plain"),
    [
        *[("a", True), ("é", True), ("К", True), ("∯", True), ("’", True), ("\u00a0", True)],
        *[("ſ", False), ("\u212a", False), ("İ", False), ("ı", False)],
    ],
)
def test_a_character_is_plain_unless_re_or_lower_may_take_it_for_another(char, plain):
    assert sbdrules._caseless(f"x{char}y") is plain
    assert sbdrules._caseless(f"x∯{char}y") is plain
    assert sbdrules._caseless(f"x∯y{char}") is plain


def test_every_white_space_character_becomes_a_space_for_the_word_test():
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert all(space.translate(sbdrules._SPACES) == " " for space in spaces)


def test_the_skips_rest_on_what_pysbd_holds():
    # each exclamation word holds a mark the processor tests for
    words = ExclamationWords.EXCLAMATION_WORDS
    assert all(any(mark in word for mark in sbdrules._EXCLAIMED) for word in words)
    # English has no colon or comma rule before the sentence boundaries
    assert not hasattr(English, "ReplaceColonBetweenNumbersRule")
    assert not hasattr(English, "ReplaceNonSentenceBoundaryCommaRule")
    # every plain abbreviation is lowercase ASCII letters; the rest pysbd's test decides
    assert all(re.fullmatch("[a-z]+", abbr) for abbr in sbdrules._PLAIN)
    assert set(sbdrules._OTHERS) == {"d.phil", "dr.phil", "dr.philos", "e.g", "i.e", "ph.d", "u.s"}


def test_a_new_rule_of_special_characters_must_say_what_it_needs():
    with pytest.raises(ValueError, match="needs"):
        sbdrules._rule(Rule(r"\d", "x"))
    assert sbdrules._rule(Rule("&ᓴ&", "!")).needs == "&ᓴ&"


def test_the_rules_are_of_the_installed_pysbd():
    """The rules were read from this pysbd's source: another release must be read again
    (until then sentences.py cuts with pysbd's own processor)."""
    import pysbd

    assert pysbd.__version__ == sbdrules.RULES_OF


def test_under_another_pysbd_sentences_are_cut_by_pysbds_own_processor(monkeypatch):
    import pysbd

    from claims_ledger.reading import sentences

    monkeypatch.setattr(pysbd, "__version__", "9.9.9")
    assert type(sentences._processor("A b. C d.")) is Processor
    monkeypatch.setattr(pysbd, "__version__", sbdrules.RULES_OF)
    assert type(sentences._processor("A b. C d.")) is SentenceProcessor
