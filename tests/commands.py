"""Running a management command as a person at a terminal would, for the import tests."""
import io
import json

from django.core.management import CommandError, call_command


def run_command(name, *args):
    """(exit code, stdout, stderr) of ``manage.py name args…``: 1 for ``sys.exit(1)`` or a ``CommandError``
    (whose message manage.py prints on stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(name, *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code = 1
        err.write(f"CommandError: {exc}\n")
    return code, out.getvalue(), err.getvalue()


def write_jsonl(path, rows):
    """Rows (dicts, or raw strings for broken lines) as a JSON Lines file."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
