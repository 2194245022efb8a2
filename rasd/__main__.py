"""``python -m rasd``: the `rasd` command."""

from rasd.cli.main import app

if __name__ == "__main__":
    app(prog_name="rasd")
