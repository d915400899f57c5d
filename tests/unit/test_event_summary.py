"""An event's title and summary come from its most representative report."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.dedup.events.summary import SUMMARY_CHARS, lead_of, most_central

NOON = datetime(2024, 1, 1, 12, tzinfo=UTC)


@dataclass
class Report:
    title: str
    lead: str
    published_at: datetime = NOON


def test_the_lead_is_the_first_two_sentences_of_the_first_paragraph():
    text = "Rescuers reached the village on Tuesday. At least 41 died. Aid is on its way.\nMore below."
    assert lead_of(text) == "Rescuers reached the village on Tuesday. At least 41 died."
    assert (
        lead_of("Envoy Mr. Smith met George W. Bush. He left. Then more.")
        == "Envoy Mr. Smith met George W. Bush. He left."
    )


def test_a_long_lead_is_cut_at_a_word():
    lead = lead_of("word " * 200)
    assert len(lead) <= SUMMARY_CHARS and lead.endswith("…")


def test_the_report_closest_to_the_centroid_is_the_face_of_the_event():
    thin = Report("Breaking: blast heard", "A loud blast was heard.")
    full = Report("Earthquake kills 41 in Herat", "An earthquake killed 41 people in Herat province.")
    centroid = {"earthquak": 0.7, "herat": 0.5, "kill": 0.5}
    assert most_central([thin, full], centroid) is full
    # About as central, the earlier published wins (the happening rather than its aftermath).
    later = Report(full.title, full.lead, NOON + timedelta(hours=5))
    assert most_central([later, full], centroid) is full
