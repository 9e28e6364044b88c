"""Shell completion for bash and zsh: ``eval "$(timeline completion bash)"``.

The script knows the commands and each command's options (written into it
from the grammar); the names of people and organisations it asks the
command itself (``timeline complete-names WORD``), from the store given
with ``--store`` on the line, else the bundled dataset.
"""

from __future__ import annotations

import argparse
import shlex

__all__ = ["script"]

_BASH = r"""# timeline completion for bash: eval "$(timeline completion bash)"
_timeline() {
    local cur="${COMP_WORDS[COMP_CWORD]}" command="" store="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            --store) store="${COMP_WORDS[i+1]}" ;;
            -*) ;;
            *) [ -z "$command" ] && command="${COMP_WORDS[i]}" ;;
        esac
    done
    # the store as typed: bash splits words at : and = (sqlite:///x, --store=x)
    local typed='--store[= ]+("[^"]*"|'"'"'[^'"'"']*'"'"'|[^ ]+)'
    if [ -n "${COMP_LINE:-}" ] && [[ "$COMP_LINE" =~ $typed ]]; then
        store="${BASH_REMATCH[1]}"
        store="${store#[\"\']}"; store="${store%[\"\']}"
        store="${store/#\~/$HOME}"
    fi
    if [ -z "$command" ]; then
        COMPREPLY=($(compgen -W "__COMMANDS__ --help --version" -- "$cur"))
        return
    fi
    if [[ "$cur" == -* ]]; then
        case "$command" in
__OPTIONS__
        esac
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    case "${COMP_WORDS[COMP_CWORD-1]}" in
        --store|--output|-o|--checkpoint|--types) COMPREPLY=($(compgen -f -- "$cur")); return ;;
__CHOICES__
    esac
    local words=0
    for ((i = 2; i < COMP_CWORD; i++)); do
        [[ "${COMP_WORDS[i]}" != -* && "${COMP_WORDS[i-1]}" != -* ]] && words=$((words + 1))
    done
    if [ "$words" -eq 0 ]; then
        case "$command" in
__KINDS__
        esac
    fi
    local -a from=()
    [ -n "$store" ] && from=(--store "$store")
    local IFS=$'\n' name
    COMPREPLY=()
    while IFS= read -r name; do
        COMPREPLY+=("$(printf '%q' "$name")")
    done < <(timeline complete-names "$cur" "${from[@]}" 2>/dev/null)
}
complete -F _timeline timeline
"""

_ZSH = """# timeline completion for zsh: eval "$(timeline completion zsh)"
autoload -U +X bashcompinit && bashcompinit
"""


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` ("bash" or "zsh")."""
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction))
    shown = [action.dest for action in commands._choices_actions]
    cases = []
    for name in shown:
        sub = commands.choices[name]
        options = sorted({flag for action in sub._actions for flag in action.option_strings})
        cases.append(f"            {name}) local options={shlex.quote(' '.join(options))} ;;")
    choices: dict[str, list[str]] = {}  # an option's values, the same in every command
    kinds = []  # a command whose first argument is one of a few words
    for name in shown:
        for action in commands.choices[name]._actions:
            if action.choices is None:
                continue
            values = [str(choice) for choice in action.choices]
            if action.option_strings:
                for flag in action.option_strings:
                    choices[flag] = values
            else:
                kinds.append(f"            {name}) COMPREPLY=($(compgen -W "
                             f"{shlex.quote(' '.join(values))} -- \"$cur\")); return ;;")
    values = [f"        {flag}) COMPREPLY=($(compgen -W {shlex.quote(' '.join(words))} -- "
              f"\"$cur\")); return ;;" for flag, words in sorted(choices.items())]
    bash = (_BASH.replace("__COMMANDS__", " ".join(shown))
            .replace("__OPTIONS__", "\n".join(cases))
            .replace("__CHOICES__", "\n".join(values))
            .replace("__KINDS__", "\n".join(kinds)))
    return bash if shell == "bash" else _ZSH + bash
