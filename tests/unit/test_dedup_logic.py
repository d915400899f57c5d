from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.dedup.events.features import ArticleFeatures, features_of
from services.dedup.events.model import event_day, event_location, join_event, snapshot, start_event
from services.dedup.events.scoring import Candidate, best_event, score, within_window
from services.dedup.events.similarity import add_vectors, cosine, normalised, tfidf
from shared.entity_ids import entity_key
from shared.gazetteer import Gazetteer
from shared.messages import Article, EntitiesExtracted, EntityMention

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def article(article_id: str, title: str, text: str, day: date | None) -> Article:
    published = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day else NOW
    return Article(
        id=article_id,
        title=title,
        text=text,
        published_at=published,
        published_at_source="metadata" if day else "ingest_time",
        ingested_at=NOW,
    )


def mention(text: str, kind: str, canonical: str | None = None) -> EntityMention:
    label = {"person": "PERSON", "place": "GPE", "country": "GPE"}.get(kind, "ORG")
    return EntityMention(text=text, label=label, type=kind, start=0, end=len(text), canonical=canonical)


def test_tfidf_vectors_are_unit_length_and_rare_terms_weigh_more():
    vector = tfidf(Counter({"earthquake": 1, "said": 1}), {"said": 90, "earthquake": 2}, 100)
    assert abs(sum(w * w for w in vector.values()) - 1) < 1e-9
    assert vector["earthquake"] > vector["said"]


def test_cosine_of_identical_and_disjoint_vectors():
    a = normalised({"x": 1.0, "y": 2.0})
    assert abs(cosine(a, a) - 1) < 1e-9
    assert cosine(a, {"z": 1.0}) == 0


def test_centroid_sum_accumulates_and_is_bounded():
    total = add_vectors({"a": 1.0}, {"a": 1.0, "b": 0.5})
    assert total == {"a": 2.0, "b": 0.5}
    huge = add_vectors({}, {f"t{i}": float(i) for i in range(1000)})
    assert len(huge) == 300 and "t999" in huge


def test_entities_meet_by_the_name_extract_resolved():
    assert entity_key(mention("Vladimir Putin", "person")) == entity_key(
        mention("Putin", "person", canonical="Vladimir Putin")
    )
    assert entity_key(mention("Ali Khamenei", "person")) != entity_key(mention("Mojtaba Khamenei", "person"))
    assert entity_key(mention("Iran", "country")) != entity_key(mention("Iraq", "country"))


def test_time_window_keeps_dated_events_years_apart_separate():
    features = ArticleFeatures("a2", Counter({"putin": 1}), frozenset({"person:putin"}), date(2022, 7, 19))
    vector = {"putin": 1.0}
    same_words_years_ago = Candidate("e1", {"putin": 1.0}, frozenset({"person:putin"}), date(2017, 11, 1))
    chosen, _ = best_event(features, vector, [same_words_years_ago], threshold=0.2, window_days=3)
    assert chosen is None
    same_week = Candidate("e2", {"putin": 1.0}, frozenset({"person:putin"}), date(2022, 7, 20))
    assert best_event(features, vector, [same_words_years_ago, same_week], 0.2, 3)[0] == "e2"


def test_inside_the_window_each_day_apart_beyond_two_costs_a_little():
    features = ArticleFeatures("a", Counter({"quake": 1}), frozenset(), date(2023, 10, 11))
    quake = {"quake": 1.0}

    def on(day: date) -> float:
        return score(features, quake, Candidate("e", quake, frozenset(), day))

    assert on(date(2023, 10, 9)) == on(date(2023, 10, 11)) == on(date(2023, 10, 13))  # within two days
    assert on(date(2023, 10, 7)) == pytest.approx(on(date(2023, 10, 11)) - 0.06)
    assert on(date(2023, 10, 16)) == pytest.approx(on(date(2023, 10, 11)) - 0.09)
    undated = replace(features, day=None)
    assert score(undated, quake, Candidate("e", quake, frozenset(), date(2023, 10, 1))) == on(
        date(2023, 10, 11)
    )


def test_undated_articles_are_judged_by_content_alone():
    assert within_window(None, date(2017, 1, 1), 3)
    features = ArticleFeatures("a", Counter({"treaty": 1}), frozenset(), None)
    candidate = Candidate("e", {"treaty": 1.0}, frozenset(), date(2025, 1, 17))
    assert best_event(features, {"treaty": 1.0}, [candidate], 0.2, 3)[0] == "e"


def test_an_undated_article_sharing_only_places_needs_content_of_its_own():
    quake = {"quake": 1.0}
    summit = normalised({"quake": 0.05, "summit": 1.0})  # cosine with the quake report about 0.05
    keys = frozenset({"country:syria", "country:turkey", "place:gaziantep", "place:kahramanmaras"})
    report = ArticleFeatures("a", Counter({"quake": 1}), keys, None)
    on_syria = Candidate("e", summit, frozenset({"country:syria", "country:turkey", "person:erdogan"}), None)
    assert score(report, quake, on_syria) >= 0.18  # the countries alone would carry it
    assert best_event(report, quake, [on_syria], 0.18, 7)[0] is None
    # A dated report is judged by its days; a city in common is still only a place (a strike and
    # a fire in one city); someone in common is more.
    assert best_event(replace(report, day=date(2023, 2, 6)), quake, [on_syria], 0.18, 7)[0] == "e"
    nearby = replace(on_syria, entity_keys=on_syria.entity_keys | {"place:gaziantep"})
    assert best_event(report, quake, [nearby], 0.18, 7)[0] is None
    with_erdogan = replace(report, entity_keys=report.entity_keys | {"person:erdogan"})
    assert best_event(with_erdogan, quake, [nearby], 0.18, 7)[0] == "e"


def test_an_undated_article_sharing_no_entity_with_an_event_needs_strong_content():
    herat = frozenset({"country:afghanistan", "place:herat"})
    report = ArticleFeatures("a", Counter({"quake": 1}), herat, None)
    turkey = frozenset({"country:turkey", "place:gaziantep"})

    def event(content: float) -> Candidate:
        return Candidate("e", normalised({"quake": content, "other": (1 - content**2) ** 0.5}), turkey, None)

    assert best_event(report, {"quake": 1.0}, [event(0.29)], 0.18, 7)[0] is None
    assert best_event(report, {"quake": 1.0}, [event(0.31)], 0.18, 7)[0] == "e"
    unnamed = replace(report, entity_keys=frozenset({"place:herat"}))  # one name is too little to go on
    assert best_event(unnamed, {"quake": 1.0}, [event(0.29)], 0.18, 7)[0] == "e"


def test_event_takes_the_date_most_articles_carry_and_counts_revisions():
    first = article("a1", "Quake", "Quake in Herat.", date(2023, 10, 8))
    state = start_event(first, (mention("Herat", "place"),), {"quake": 1.0}, NOW)
    for n, day in enumerate([date(2023, 10, 7), date(2023, 10, 7), None], start=2):
        state = join_event(state, article(f"a{n}", "Quake", "Quake.", day), (), {"quake": 1.0}, NOW)
    assert event_day(state) == date(2023, 10, 7)
    assert state.revision == 4 and [m.id for m in state.members] == ["a1", "a2", "a3", "a4"]


def test_location_prefers_a_known_city_to_a_country():
    first = article("a1", "Visit", "Putin in Tehran.", date(2017, 11, 1))
    mentions = (mention("Iran", "country"), mention("Iran", "country"), mention("Tehran", "place"))
    state = start_event(first, mentions, {"visit": 1.0}, NOW)
    location = event_location(state, Gazetteer())
    assert location is not None and location.name == "Tehran" and location.country_code == "IR"
    assert location.lat is not None and 35 < location.lat < 36


def test_snapshot_names_entities_by_their_resolved_name():
    message = EntitiesExtracted(
        article=article("a1", "Visit", "Putin. Vladimir Putin.", date(2017, 11, 1)),
        mentions=(mention("Putin", "person", "Vladimir Putin"), mention("Vladimir Putin", "person")),
    )
    state = start_event(message.article, message.mentions, {"visit": 1.0}, NOW)
    event = snapshot(state, Gazetteer())
    assert [(e.name, e.count) for e in event.entities] == [("Vladimir Putin", 2)]
    assert features_of(message).entity_keys == {"person:vladimir putin"}


def test_who_a_report_is_about_comes_from_its_headline_and_lead():
    text = (
        "Microsoft rushed out a fix for Internet Explorer on Tuesday, its security chief Dustin Childs said. "
        + "Attackers used the flaw on sites in Asia. " * 12
        + "Wolfgang Kandek of Qualys agreed. Kandek urged updates. Paul Henry did too."
    )

    def person(name: str, at: int, canonical: str | None = None) -> EntityMention:
        return EntityMention(
            text=name, label="PERSON", type="person", start=at, end=at + len(name), canonical=canonical
        )

    message = EntitiesExtracted(
        article=article("a1", "Paul Henry on the Explorer patch", text, date(2013, 9, 18)),
        mentions=(
            person("Dustin Childs", text.index("Dustin Childs")),
            person("Wolfgang Kandek", text.index("Wolfgang Kandek")),
            person("Kandek", text.rindex("Kandek"), canonical="Wolfgang Kandek"),
            person("Paul Henry", text.index("Paul Henry")),
        ),
    )
    assert text.index("Wolfgang Kandek") > 400  # quoted below the lead
    features = features_of(message)
    assert features.key_people == {"person:wolfgang kandek", "person:dustin childs"}
    assert features.headline_people == {"person:paul henry"}
    assert features.lead_people == {"person:dustin childs", "person:paul henry"}


def test_terms_are_stemmed_and_stop_words_dropped():
    from services.dedup.events.features import terms

    assert terms("The quake killed many; quakes kill.") == ["quak", "kill", "quak", "kill"]


def test_different_principals_lower_the_score_and_a_shared_one_raises_it():
    from services.dedup.events.scoring import PEOPLE_PENALTY, PRINCIPAL_BONUS, score

    vector = {"visit": 1.0}
    article = ArticleFeatures(
        "a", Counter({"visit": 1}), frozenset({"person:pezeshkian", "place:moscow"}), None,
        key_people=frozenset({"person:pezeshkian"}), lead_people=frozenset({"person:pezeshkian"}),
    )  # fmt: skip
    rouhani = Candidate(
        "e1",
        vector,
        frozenset({"person:rouhani", "place:moscow"}),
        None,
        key_people=frozenset({"person:rouhani"}),
    )
    shared = Candidate(
        "e2", vector, frozenset({"person:pezeshkian", "place:moscow"}), None,
        key_people=frozenset({"person:pezeshkian"}),
    )  # fmt: skip
    assert score(article, vector, shared) - score(article, vector, rouhani) == pytest.approx(
        PEOPLE_PENALTY + PRINCIPAL_BONUS + 0.15
    )
    # The same principal under a fuller name is still the same principal; a bystander is not one.
    full_name = replace(shared, key_people=frozenset({"person:masoud pezeshkian"}))
    assert score(article, vector, full_name) == pytest.approx(score(article, vector, shared))
    bystander = replace(shared, key_people=frozenset({"person:putin"}))
    assert score(article, vector, bystander) == pytest.approx(
        score(article, vector, shared) - PRINCIPAL_BONUS
    )
    # Someone quoted further down, named neither in the headline nor in the lead, is no principal.
    quoted_below = replace(article, lead_people=frozenset())
    assert score(quoted_below, vector, rouhani) == pytest.approx(
        score(article, vector, rouhani) + PEOPLE_PENALTY
    )


def test_a_headline_about_someone_the_event_is_not_about_lowers_the_score():
    from services.dedup.events.scoring import HEADLINE_PENALTY

    vector = {"oscar": 1.0, "host": 1.0}
    # Last year's host is named in this year's reports, so names alone would join the two years.
    keys = frozenset({"person:hugh jackman", "person:ellen degeneres", "organisation:academy"})
    last_year = Candidate(
        "e1", vector, keys, None, key_people=frozenset({"person:hugh jackman"}),
        top_people=("person:hugh jackman", "person:bill condon"),
    )  # fmt: skip
    this_year = ArticleFeatures(
        "a", Counter({"oscar": 1, "host": 1}), keys, None, key_people=frozenset({"person:ellen degeneres"}),
        headline="Ellen DeGeneres to host the Oscars", headline_people=frozenset({"person:ellen degeneres"}),
    )  # fmt: skip
    no_names = replace(this_year, headline="Academy names its Oscar host", headline_people=frozenset())
    assert score(no_names, vector, last_year) - score(this_year, vector, last_year) == pytest.approx(
        HEADLINE_PENALTY
    )
    # A headline naming the event's principal too, or by surname alone, is about the event.
    both = replace(this_year, headline="DeGeneres follows Jackman as Oscar host")
    assert score(both, vector, last_year) == pytest.approx(score(no_names, vector, last_year))
    again = replace(this_year, headline="Jackman returns", headline_people=frozenset({"person:jackman"}))
    assert score(again, vector, last_year) == pytest.approx(score(no_names, vector, last_year))


def test_gazetteer_folds_accents_and_knows_states_from_towns():
    gazetteer = Gazetteer()
    herat = gazetteer.city("Herat")
    assert herat is not None and herat.country_code == "AF"
    assert gazetteer.city("Florida").country_code == "US"
    assert gazetteer.city("Washington").lat is not None  # the capital, not the state
    assert gazetteer.country("iran").country_code == "IR"
    assert gazetteer.city("Nowhereville-on-Sea") is None
