"""Shell command basenames (spec classifier-and-parser §1.6 examples)."""
import pytest

from codeburn.classify import ruleset
from codeburn.read.scan import make_scanner

SCANNER = make_scanner(ruleset.load())


@pytest.mark.parametrize("command,expected", [
    ('git add . && git commit -m "x"', ["git", "git"]),
    ("cat file | grep pattern", ["cat", "grep"]),
    ("cd /x && npm install; npm run build | tee log", ["npm", "npm", "tee"]),
    ('echo "hello && world" && git status', ["echo", "git"]),
    ("NODE_ENV=prod npm test", ["npm"]),
    ("false || echo done", ["echo"]),
    ("npx vitest --run", ["vitest"]),
    ("rtk", ["rtk"]),
    ("nice -n 10 git push", ["nice"]),
    ('npx "@angular/cli" new app', ["npx"]),
    ("/usr/bin/git status", ["git"]),
    ("sudo FOO=1 nohup ./run.sh", ["run.sh"]),
    ("\x1b[1;31mls\x1b[0m -la", ["ls"]),
    ("   ", []),
    ("cd .. && true", []),
    # JavaScript's \s splits on Unicode spaces too, and Node's basename
    # ignores a trailing slash (0.9.20: git, npm, scripts).
    ("git\u00a0status", ["git"]),
    ("npm\u2003test && \u3000ls", ["npm", "ls"]),
    ("./scripts/ --help", ["scripts"]),
    ("\u00a0\ufeff", []),
    # A separator spans the blanks around it in the quote-blanked copy, so a
    # quoted span beside it goes with it (probe E6; 0.9.20 gives these).
    ("$env:NODE_ENV='test'; npm test", ["$env:NODE_ENV=", "npm"]),
    ('cd /d C:\\proj && "C:\\Program Files\\nodejs\\npm.cmd" test', ["test"]),
    ("npm test && 'C:\\tools\\report.exe'", ["npm"]),
    ('source .venv/bin/activate && "$PYTHON" -m pytest', ["source", "-m"]),
    ("ls ;; pwd", ["ls", "pwd"]),
])
def test_bash_commands(command, expected):
    assert SCANNER.bash_commands(command) == expected
