"""Stories against a real Redis: events linked into stories as their articles are placed, in one
commit with the event, and the same decision however often an article arrives."""

from datetime import UTC, datetime, timedelta

from services.dedup.service import assign
from services.dedup.store import EventStore
from tests.integration.test_dedup_service import GAZETTEER, NOW, POLICY, message

SEPT_22 = datetime(2022, 9, 22, 9, tzinfo=UTC)
OPTUS = [("Optus", "organisation"), ("Australia", "country")]


def breach(article_id: str, title: str, text: str, day: datetime, names=OPTUS):
    return message(article_id, title, text, day, names)


DISCLOSED = (
    "Optus said a cyberattack had exposed the personal data of millions of customers in Australia, "
    "including names, phone numbers and passport numbers, and apologised to them."
)
RANSOM = (
    "A hacker posted ten thousand Optus customer records online and demanded a ransom, then deleted "
    "the post; police in Australia said the stolen customer data was still being copied."
)
ARREST = (
    "Police in Australia arrested a man who used leaked Optus customer data to send blackmail "
    "texts, demanding money from customers whose passport numbers had been exposed."
)


async def test_developments_of_one_story_are_events_of_their_own_linked_into_it(redis):
    store = EventStore(redis)
    first = await assign(breach("a1", "Optus says hackers took customer data", DISCLOSED, SEPT_22),
                         store, POLICY, GAZETTEER, NOW)  # fmt: skip
    later = await assign(
        breach("a2", "Hacker posts Optus records, demands ransom", RANSOM, SEPT_22 + timedelta(days=9)),
        store, POLICY, GAZETTEER, NOW,
    )  # fmt: skip
    arrest = await assign(
        breach("a3", "Man arrested over Optus blackmail texts", ARREST, SEPT_22 + timedelta(days=14)),
        store, POLICY, GAZETTEER, NOW,
    )  # fmt: skip
    assert len({first.event.id, later.event.id, arrest.event.id}) == 3  # three happenings
    assert first.event.story_id == later.event.story_id == arrest.event.story_id
    (story,) = arrest.stories
    assert story.id == first.event.story_id and story.event_ids == (
        first.event.id,
        later.event.id,
        arrest.event.id,
    )
    assert story.article_count == 3 and story.revision == 3

    # The same article again: the same event and story, nothing counted twice.
    again = await assign(
        breach("a3", "Man arrested over Optus blackmail texts", ARREST, SEPT_22 + timedelta(days=14)),
        store, POLICY, GAZETTEER, NOW,
    )  # fmt: skip
    assert again.event == arrest.event and again.stories == arrest.stories


async def test_another_company_breached_weeks_later_is_a_story_of_its_own(redis):
    store = EventStore(redis)
    first = await assign(breach("a1", "Optus says hackers took customer data", DISCLOSED, SEPT_22),
                         store, POLICY, GAZETTEER, NOW)  # fmt: skip
    medibank = DISCLOSED.replace("Optus", "Medibank")
    other = await assign(
        breach("a2", "Medibank says hackers took customer data", medibank, SEPT_22 + timedelta(days=21),
               [("Medibank", "organisation"), ("Australia", "country")]),
        store, POLICY, GAZETTEER, NOW,
    )  # fmt: skip
    assert first.event.story_id != other.event.story_id
    assert other.stories[0].event_ids == (other.event.id,)


async def test_a_young_event_alone_in_its_story_goes_on_in_the_story_it_turns_out_to_continue(redis):
    store = EventStore(redis)
    await assign(breach("a1", "Optus says hackers took customer data", DISCLOSED, SEPT_22),
                 store, POLICY, GAZETTEER, NOW)  # fmt: skip
    # A first report that says too little to link it: a story of one.
    thin = "Police made an arrest on Thursday over scam texts sent to people across the country."
    day = SEPT_22 + timedelta(days=14)
    alone = await assign(
        message("a2", "Arrest over scam texts", thin, day, []), store, POLICY, GAZETTEER, NOW
    )
    (own,) = alone.stories
    assert own.event_ids == (alone.event.id,)
    # Its second report names the company: the event goes on in the breach's story, and its own
    # story ends there, redirecting.
    fuller = (
        thin
        + " The texts used leaked Optus customer data, police in Australia said, and blackmailed customers."
    )
    joined = await assign(breach("a3", "Arrest over scam texts using Optus data", fuller, day),
                          store, POLICY, GAZETTEER, NOW)  # fmt: skip
    assert joined.event.id == alone.event.id and joined.event.story_id != own.id
    (story,) = joined.stories
    assert alone.event.id in story.event_ids and own.id in story.merged_ids
