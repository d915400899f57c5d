"""Scraped-looking pages written for these tests, each with the main text it should reduce to.

A page is built from its article paragraphs and the furniture a site wraps around them, so the
measurement knows exactly which words are article and which are not.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    header: list[str]  # above the article: site name, section, dateline, repeated title
    title: str
    paragraphs: list[str]  # the article itself
    furniture: list[str]  # lines between and below the paragraphs
    teasers: list[str]  # a "related" block at the bottom
    dateline: str | None  # the date the page's own dateline gives, YYYY-MM-DD

    @property
    def raw(self) -> str:
        middle = len(self.paragraphs) // 2
        body = [*self.paragraphs[:middle], self.furniture[0], *self.paragraphs[middle:], *self.furniture[1:]]
        return "\n\n".join([*self.header, *body, *self.teasers])


PAGES = [
    Page(
        name="visit-with-dateline",
        header=[
            "Monday, March 4th | Weather 12°C",
            "World",
            "November 1, 2017 2:49 pm",
            "Putin arrives in Tehran for talks on trade and Syria",
            "By Dana Whitfield",
        ],
        title="Putin arrives in Tehran for talks on trade and Syria",
        paragraphs=[
            "Vladimir Putin arrived in Tehran on Wednesday for a one-day visit centred on trade, energy and the war in Syria.",
            "He met Ayatollah Ali Khamenei before joining Hassan Rouhani and Ilham Aliyev for a three-way summit on a new transport corridor.",
            "Officials said Rosneft and the National Iranian Oil Company had agreed on a road map for joint oil projects.",
            "Analysts in Moscow described the visit as a sign of a closer partnership between the two governments.",
        ],
        furniture=[
            "Share this story: Share on Facebook Share on Twitter",
            "Post a Comment",
            "Sign up for our daily briefing newsletter",
            "Previous Post Next Post",
            "ADS",
        ],
        teasers=[
            "Related Articles",
            "Iran's parliament passes budget - October 12, 2017",
            "Caspian states sign shipping pact - August 12, 2018",
        ],
        dateline="2017-11-01",
    ),
    Page(
        name="repeated-title",
        header=[
            "National",
            "0",
            "Quake toll in Herat rises above 2,000",
            "Quake toll in Herat rises above 2,000",
            "Quake toll in Herat rises above 2,000",
        ],
        title="Quake toll in Herat rises above 2,000",
        paragraphs=[
            "More than 2,000 people were killed by the earthquakes that struck Herat province on Saturday, officials said on Sunday.",
            "Whole villages in Zindajan district were flattened and rescue teams dug through the rubble with their hands.",
            "Aid groups warned that hospitals in the city of Herat were running short of blood and medicine.",
        ],
        furniture=[
            "Add new comment",
            "Read our comment policy before posting your viewpoints",
            "heratnews.example",
        ],
        teasers=[],
        dateline=None,
    ),
    Page(
        name="inline-prompts",
        header=["Artemis I rocket lifts off from Florida", "Science Desk | Published November 16, 2022"],
        title="Artemis I rocket lifts off from Florida",
        paragraphs=[
            "Share this article. NASA's new Moon rocket lifted off from the Kennedy Space Center early on Wednesday after months of delays.",
            "The uncrewed Orion capsule is expected to fly around the Moon and return in about 25 days. Sign up for our space newsletter.",
            "Engineers said the Space Launch System performed as planned during its first flight.",
        ],
        furniture=["Follow us on social media", "Back to top button"],
        teasers=["You may also like", "Mars sample mission delayed - March 3, 2021"],
        dateline="2022-11-16",
    ),
    Page(
        name="teaser-mid-article",
        header=[
            "Africa",
            "September 9, 2023 6:05 pm",
            "Villages in the High Atlas count their dead after the quake",
        ],
        title="Villages in the High Atlas count their dead after the quake",
        paragraphs=[
            "Residents of mountain villages south of Marrakesh spent Saturday digging through collapsed mud-brick houses after the strongest earthquake to hit Morocco in decades.",
            "The interior ministry said more than 800 people had died, most of them in Al Haouz province, and that the toll was likely to rise.",
            "Roads into the valleys were blocked by fallen rock, and soldiers cleared a route with bulldozers so that ambulances could pass.",
            "King Mohammed VI ordered three days of national mourning and asked the army to set up field hospitals near the worst-hit villages.",
        ],
        furniture=[
            # A teaser set into the article: heading, date, headline and a cut-off snippet.
            (
                "Related coverage\n\nMarch 2, 2021 11:40 am\n\nFloods cut off roads across northern Algeria\n\n"
                "Heavy rain swept away bridges in two provinces and left thousands of households without..."
            ),
            "Back to top button",
        ],
        teasers=[],
        dateline="2023-09-09",
    ),
]
# Furniture that sits inside a paragraph, and so is part of neither the furniture list nor the text.
INLINE_FURNITURE = ["Share this article.", "Sign up for our space newsletter."]
