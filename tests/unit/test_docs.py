"""Generated documentation is fresh and every setting is described."""

from services.common import configdoc
from services.common.settings import Settings


def test_configuration_reference_is_fresh():
    assert configdoc.main(["--check"]) == 0, "run: python -m services.common.configdoc"


def test_every_setting_has_a_description():
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []
