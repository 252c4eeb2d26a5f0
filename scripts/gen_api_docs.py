"""Writes docs/api.md, the API reference, from the docstrings and signatures of the stubs
(``cognitopy.pyi``, ``mandate.pyi``) and of the typed modules, plus the CLI's ``--help``.

    python scripts/gen_api_docs.py           # rewrite docs/api.md
    python scripts/gen_api_docs.py --check   # exit 1 if it is stale (CI)
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import sys
import textwrap
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "python" / "fastcognito"
OUTPUT = ROOT / "docs" / "api.md"
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

# (title, file, classes and functions to show in this order; "Twin=Original" documents a twin
# by reference to the class whose methods it shares)
SECTIONS = [
    (
        "cognitopy-compatible: `fastcognito.CognitoPy`, `fastcognito.AsyncCognitoPy`",
        "cognitopy.pyi",
        ["CognitoPy", "AsyncCognitoPy=CognitoPy", "ExceptionTokenExpired", "ExceptionJWTCognito", "ChallengeRequired"],
    ),
    (
        "mandate-compatible: `fastcognito.Cognito`, `fastcognito.SyncCognito`",
        "mandate.pyi",
        [
            "Cognito",
            "SyncCognito=Cognito",
            "ForceChangePasswordException",
            "MFAChallengeException",
            "SMSMFAChallengeException",
            "SoftwareTokenMFAChallengeException",
        ],
    ),
    (
        "Results: `fastcognito.cognitopy` models and `fastcognito.mandate` objects",
        "_records.py",
        ["UserRegister", "CodeDeliveryDetails", "CodeDeliveryDetailsSchema", "PagedList"],
    ),
    (None, "_objects.py", ["UserObj", "GroupObj", "cognito_to_dict", "dict_to_cognito"]),
    (
        "Sign-in steps: `fastcognito.SignInStep` ([guide](modern-sign-in.md))",
        "_sign_in.py",
        ["SignInStep"],
    ),
    ("Enums: `fastcognito.enums`", "enums.py", ["MessageAction", "DesiredDelivery"]),
    ("Token verification: `fastcognito.verifier`", "verifier.py", ["TokenVerifier", "MultiPoolVerifier"]),
    (
        "Managed login: `fastcognito.OAuthClient`, `fastcognito.AsyncOAuthClient` ([guide](managed-login.md))",
        "oauth.pyi",
        ["OAuthClient", "AsyncOAuthClient=OAuthClient", "AuthorizationRequest"],
    ),
    ("Web frameworks: `fastcognito.integrations`", "integrations/__init__.py", []),
    (None, "integrations/starlette.py", ["CognitoAuth", "OAuthLogin"]),
    (None, "integrations/flask.py", ["require_token", "claims", "OAuthLogin"]),
    (None, "integrations/django.py", ["CognitoAuthentication", "CognitoUser", "get_verifier"]),
    (
        "Testing: `fastcognito.testing`",
        "testing/__init__.py",
        ["Emulator", "Pool", "User", "EmulatorError", "environment"],
    ),
    (None, "testing/authenticator.py", ["PasskeyAuthenticator"]),
    (None, "testing/plugin.py", []),
    (
        "Exceptions: `fastcognito.exceptions`",
        "exceptions.py",
        [
            "CognitoError",
            "ExceptionAuthCognito",
            "ExceptionConnectionCognito",
            "WarrantException",
            "TokenVerificationException",
            "ServiceError",
            "EndpointConnectionError",
            "ReadTimeoutError",
            "NoCredentialsError",
            "MalformedResponseError",
            "ParamValidationError",
            "InternalError",
            "TokenError",
            "TokenVerificationError",
            "KeysUnavailableError",
            "exception_for_code",
            "OAuthError",
            "InvalidRequestError",
            "InvalidClientError",
            "InvalidGrantError",
            "UnauthorizedClientError",
            "UnsupportedGrantTypeError",
            "InvalidScopeError",
            "InvalidTokenError",
            "UnsupportedTokenTypeError",
            "ServerError",
        ],
    ),
]

# Modules whose docstring is about their internals (plan mixins), not about what they export.
INTERNAL_MODULE_DOCS = {"_sign_in.py"}


def signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``def name(args) -> returns`` (``async def`` for a coroutine), without decorators or body."""
    keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{keyword} {node.name}({ast.unparse(node.args)}){returns}"


def doc(node: ast.AST) -> str:
    text = ast.get_docstring(node)  # type: ignore[arg-type]
    return textwrap.dedent(text).strip() + "\n" if text else ""


def is_public(name: str) -> bool:
    return not name.startswith("_") or name in ("__init__", "__enter__", "__aenter__")


def render_function(node: ast.FunctionDef | ast.AsyncFunctionDef, level: str) -> str:
    decorators = [ast.unparse(d) for d in node.decorator_list]
    prefix = "".join(f"@{d} " for d in decorators if d in ("staticmethod", "property"))
    out = f"{level} `{prefix}{signature(node)}`\n\n"
    body = doc(node)
    return out + (body + "\n" if body else "")


def documented_attributes(node: ast.ClassDef, lines: list[str]) -> str:
    """The attributes with a ``#:`` comment above them (Sphinx's convention), in the class body
    or as ``self.name: type`` in ``__init__``, as a list."""
    assigns = [n for n in node.body if isinstance(n, ast.AnnAssign)]
    for init in (n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"):
        assigns += [n for n in ast.walk(init) if isinstance(n, ast.AnnAssign)]
    out = ""
    for assign in assigns:
        target = assign.target
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            name = target.attr
        elif isinstance(target, ast.Name):
            name = target.id
        else:
            continue
        comment: list[str] = []
        row = assign.lineno - 2  # the line above, 0-based
        while row >= 0 and lines[row].strip().startswith("#:"):
            comment.insert(0, lines[row].strip().removeprefix("#:").strip())
            row -= 1
        if comment:
            out += f"- `{name}: {ast.unparse(assign.annotation)}`: {' '.join(comment)}\n"
    return out + "\n" if out else ""


def render_class(
    node: ast.ClassDef, twin_of: str | None, inherited: list[ast.stmt], lines: list[str] | None = None
) -> str:
    bases = ", ".join(b for b in map(ast.unparse, node.bases) if not b.startswith("_"))
    out = f"### class `{node.name}`" + (f"({bases})" if bases else "") + "\n\n"
    out += doc(node) + "\n" if doc(node) else ""
    out += documented_attributes(node, lines or [])
    if twin_of:
        out += f"Every method of [`{twin_of}`](#class-{twin_of.lower()}), "
        out += (
            "awaitable (`async def`).\n\n"
            if any(isinstance(n, ast.AsyncFunctionDef) for n in node.body)
            else "blocking (no `await`).\n\n"
        )
        return out
    members = [
        n for n in inherited + node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_public(n.name)
    ]
    for member in members:
        out += render_function(member, "####")
    return out


def render_section(title: str | None, filename: str, names: list[str]) -> str:
    source = (PACKAGE / filename).read_text()
    tree = ast.parse(source)
    nodes = {n.name: n for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    # A name the module re-exports from a private one (``from ._x import Name as Name``: loaded
    # on first use, e.g. oauth's AuthorizationRequest) is documented here, from that module.
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                if alias.asname == alias.name and alias.name in names:
                    other = ast.parse((PACKAGE / f"{node.module}.py").read_text())
                    nodes.update(
                        {n.name: n for n in other.body if isinstance(n, ast.ClassDef) and n.name == alias.name}
                    )
    out = f"## {title}\n\n" if title else ""
    module = filename.removesuffix(".pyi").removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    about = doc(tree) if filename not in INTERNAL_MODULE_DOCS else ""
    out += f"*Module `fastcognito.{module}`.* " + (about + "\n" if about else "\n")
    for spec in names:
        name, _, twin_of = spec.partition("=")
        node = nodes[name]
        if isinstance(node, ast.ClassDef):
            # A private base in the same module (the plan class) contributes __init__ and properties.
            inherited = [
                member
                for base in map(ast.unparse, node.bases)
                if base.startswith("_") and isinstance(nodes.get(base), ast.ClassDef)
                for member in nodes[base].body  # type: ignore[union-attr]
            ]
            out += render_class(node, twin_of or None, inherited, source.splitlines())
        else:
            out += render_function(node, "###")
    if filename == "exceptions.py":
        out += per_code_classes(tree)
    return out


def per_code_classes(tree: ast.Module) -> str:
    """The list of per-error-code classes, from the module's ``__all__``."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            names = ast.literal_eval(node.value)
    # They are written in _service_errors (fastcognito.exceptions loads them on first use).
    body = tree.body + ast.parse((PACKAGE / "_service_errors.py").read_text()).body
    service = {
        n.name for n in body if isinstance(n, ast.ClassDef) and [ast.unparse(b) for b in n.bases] == ["ServiceError"]
    }
    codes = [n for n in names if n in service]
    return (
        f"### One class per Cognito error code ({len(codes)}), each a `ServiceError`\n\n"
        + ", ".join(f"`{c}`" for c in codes)
        + "\n\n"
    )


def cli_reference() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: make it the same everywhere
    from fastcognito.cli import build_parser  # the installed package (its extension is built)

    parser = build_parser()
    out = "## Command line: `fastcognito`\n\n*Module `fastcognito.cli`; also `python -m fastcognito`.*\n\n"
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        parser.print_help()
    out += "```text\n" + buffer.getvalue() + "```\n\n"
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            sub.print_help()
        out += f"### `fastcognito {name}`\n\n```text\n{buffer.getvalue()}```\n\n"
    return out


def generate() -> str:
    parts = [
        "# API reference\n\n"
        f"Generated by `scripts/gen_api_docs.py` (CPython {PYTHON}: argparse words the CLI's help a "
        "little differently in other versions) from the stubs' and modules' docstrings; edit those, "
        "then run it again. Migration guides: [from cognitopy](migrating-from-cognitopy.md), "
        "[from mandate](migrating-from-mandate.md), [from pycognito](migrating-from-pycognito.md); "
        "choice-based sign-in, passkeys, MFA, rotation and custom auth, with runnable examples: "
        "[modern-sign-in.md](modern-sign-in.md); deliberate differences: [compat.md](compat.md).\n"
    ]
    for title, filename, names in SECTIONS:
        parts.append(render_section(title, filename, names))
    parts.append(cli_reference())
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = generate()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print("docs/api.md is stale; run python scripts/gen_api_docs.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
