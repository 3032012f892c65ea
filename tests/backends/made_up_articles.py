"""Made-up articles for the LLM backend tests (no real events, nothing from any data set)."""

from __future__ import annotations

# Made-up articles (no real events): quotes, indirect speech, a denial, several paragraphs.
ARTICLES = {
    "bus_lanes": """Council approves three new bus lanes
The city council voted on Tuesday to approve three new bus lanes along the river road.
"This will cut journey times for thousands of commuters," said council leader Maria Lopez.
Opposition councillor Tom Reed said the plan had been rushed through without proper scrutiny.
"We were never consulted about any of this," Mr Reed told reporters outside the chamber.
Ms Lopez denied that claim. "Every ward was consulted twice over the summer," she said.
""",
    "hospital": """Nurses at Westbrook hospital begin two-day strike
Nurses at Westbrook general hospital walked out on Monday in a dispute over staffing levels.
"We cannot keep patients safe with the number of staff we have now," said union representative Priya Shah.
A spokesman for the hospital trust said emergency care would continue as normal during the strike.
"Talks remain open and we hope to reach an agreement this week," the spokesman added.
""",
    "harbour": """Harbour dredging to start next month
Work to dredge the old harbour will start in March, the port authority announced.
"The channel has silted up badly after two wet winters," said harbour master Olu Bakare.
Local fishermen said they had waited years for the work.
"Our boats have been scraping the bottom at low tide since last autumn," said skipper Jan Visser.
Mr Bakare said the work would take about six weeks to complete.
""",
}


def long_article(paragraphs: int = 12) -> str:
    """A made-up article with many paragraphs, each with one quotation (for chunking and truncation)."""
    lines = ["Budget debate runs late into the night"]
    for i in range(paragraphs):
        lines.append(
            f"Member number {i + 1} rose to speak in the long debate on the annual budget for the region. "
            f'"Item {i + 1} of this budget is simply not affordable for the families I represent," '
            f"said member {i + 1}, before sitting down again."
        )
    return "\n".join(lines) + "\n"
