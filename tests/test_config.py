"""Settings read from the environment: defaults, and clear refusals of values the service cannot use."""
import pytest

from service.config import Settings, SettingsError


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert settings.torch_threads == 1 and settings.max_chars > 0
    assert settings.parser_bf16 == settings.lstm_int8 == "auto"


@pytest.mark.parametrize("env", [{"QUOTES_MAX_CHARS": "lots"}, {"QUOTES_TIME_LIMIT": "nan"},
                                 {"QUOTES_BATCH_MAX": "0"}, {"QUOTES_PARSER_BF16": "maybe"},
                                 {"QUOTES_LSTM_INT8": "yes"}])
def test_values_it_cannot_use_are_refused_with_the_variable_named(env):
    (name,) = env
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)
