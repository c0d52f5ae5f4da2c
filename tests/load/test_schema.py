"""`pagesetter schema`: generated from the loader's own shapes, committed for editors, and agreeing
with the loader on right and wrong documents."""
import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from pagesetter.cli import main
from pagesetter.errors import InputError
from pagesetter.loader import load_issue
from pagesetter.schema import issue_schema, schema_text

from ..conftest import ROOT, article, minimal, photo, write_issue

COMMITTED = ROOT / "docs" / "issue.schema.json"


def as_json_data(path: Path):
    """The document as an editor's YAML language server sees it (dates are text in YAML 1.2)."""
    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value
    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def validator():
    schema = issue_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_what_the_command_prints(capsys):
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_text() == COMMITTED.read_text(encoding="utf-8"), \
        "run `pagesetter schema > docs/issue.schema.json`"
    assert json.loads(printed)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("issue", sorted((ROOT / "issues").glob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_issue_is_valid(issue):
    errors = list(validator().iter_errors(as_json_data(issue)))
    assert not errors, [e.message for e in errors]
    load_issue(issue)


def test_the_minimal_issue_is_valid(tmp_path):
    path = write_issue(tmp_path / "a.yaml")
    assert not list(validator().iter_errors(as_json_data(path)))


def _unknown_key(doc):
    article(doc)["headlines"] = "x"


def _missing_body(doc):
    del article(doc)["body"]


def _height_word(doc):
    article(doc)["place"]["height"] = "tall"


def _page_zero(doc):
    doc["pages"][0]["number"] = 0


def _empty_body(doc):
    article(doc)["body"] = []


def _focus_three(doc):
    photo(doc)["focus"] = [0.5, 0.5, 0.5]


def _bad_intake(doc):
    article(doc)["punctuation"] = "typed"


def _blank_publication(doc):
    doc["publication"] = "  "


@pytest.mark.parametrize("spoil", [_unknown_key, _missing_body, _height_word, _page_zero,
                                   _empty_body, _focus_three, _bad_intake, _blank_publication])
def test_a_wrong_document_is_refused_by_the_schema_and_the_loader_alike(tmp_path, spoil):
    doc = minimal()
    spoil(doc)
    path = write_issue(tmp_path / "bad.yaml", doc)
    assert list(validator().iter_errors(as_json_data(path))), "the schema accepted it"
    with pytest.raises(InputError):
        load_issue(path)


def test_fields_carry_their_descriptions_for_the_editor():
    schema = issue_schema()
    place = schema["$defs"]["place"]["properties"]
    assert "grid line" in place["line"]["description"]
    assert schema["$defs"]["article"]["properties"]["body"]["minItems"] == 1
    assert set(schema["$defs"]) >= {"page", "article", "photo", "place", "headline", "subhead"}


def test_the_page_format_schema_validates_every_committed_format_and_refuses_a_typo(tmp_path):
    """`pagesetter schema --format`: the format files' schema, from the shapes formatfile.py
    reads them through."""
    import jsonschema
    import yaml

    from pagesetter.schema import format_schema

    schema = format_schema()
    formats = sorted((ROOT / "layout").glob("*.yaml")) + [ROOT / "tests/fonts/house-face.yaml"]
    for path in formats:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    broken = yaml.safe_load((ROOT / "layout" / "bulletin.yaml").read_text(encoding="utf-8"))
    broken["grid"]["colums"] = 5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
