"""`qalamoun schema`: the JSON Schema of the YAML format, for editors."""

import typer


def schema(ctx: typer.Context) -> None:
    """Print a JSON Schema (draft-07) of the YAML format, for editors.

    Made from the same field tables the loader reads files by, so it follows the format
    of this version. Editors that read JSON Schema (VS Code's YAML extension, JetBrains
    IDEs, any yaml-language-server client) then check and complete a chronology file as
    it is typed: save it beside your data and name it in the file's first line (see
    docs/data-format.md). It checks each value on its own; `qalamoun validate` also checks
    what ties records together (references, unique ids, date spans), and stays the
    authority.

    The first line of a chronology file that names it, for yaml-language-server (JetBrains:
    '# $schema: ./qalamoun.schema.json'):

      # yaml-language-server: $schema=./qalamoun.schema.json

    Examples:

      qalamoun schema > qalamoun.schema.json
    """
    from qalamoun_cli.cli.options import Settings
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.errors import UsageProblem
    from qalamoun_cli.load.json_schema import json_schema
    from qalamoun_cli.render.results import FormatSchema

    settings: Settings = ctx.obj
    if settings.typed:  # never ignored without a word
        raise UsageProblem("schema describes the YAML format, not a dataset: give it without "
                           "--data")

    Output("json", None).emit(FormatSchema(json_schema()))
