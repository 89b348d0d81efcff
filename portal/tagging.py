"""Topic strings: Vietnamese topics are multi-word ("Sinh hoạt chi bộ"), so only commas separate them."""


def comma_splitter(tag_string: str) -> list[str]:
    return [t.strip().strip('"').strip() for t in (tag_string or "").split(",") if t.strip().strip('"').strip()]


def comma_joiner(tags) -> str:
    return ", ".join(t.name for t in tags)
