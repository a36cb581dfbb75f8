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
])
def test_bash_commands(command, expected):
    assert SCANNER.bash_commands(command) == expected
