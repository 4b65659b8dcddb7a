"""Shell completion for bash and zsh, answered by alegra itself.

``alegra completion bash`` prints a small script for the shell; when the
user presses Tab, the shell asks ``alegra __complete WORDS...`` for the
candidates.  Because alegra answers from its live registry, completion
knows every resource (a third-party plugin's too), verb, flag and filter
value choice, with no file to regenerate after an install.  It offers no
broken plugin: the resources that match the word are loaded, with the
cheap checks every command runs.
"""

import argparse

from alegra import command
from alegra import errors

_SCRIPTS = {
    'bash': r'''# alegra completion for bash: eval "$(alegra completion bash)"
_alegra_complete() {
    local IFS=$'\n'
    COMPREPLY=($(alegra __complete "${COMP_WORDS[@]:1:COMP_CWORD}" \
        2>/dev/null))
}
complete -o default -F _alegra_complete alegra
''',
    'zsh': r'''#compdef alegra
# alegra completion for zsh: eval "$(alegra completion zsh)"
_alegra() {
    local -a candidates
    candidates=("${(@f)$(alegra __complete "${(@)words[2,CURRENT]}" \
        2>/dev/null)}")
    compadd -- $candidates
}
compdef _alegra alegra
''',
}


HIDDEN_NAME = '__complete'


class Completion(command.AlegraCommand):
    """Print the shell completion script (bash or zsh)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('shell', choices=sorted(_SCRIPTS))
        return parser

    def take_action(self, parsed_args):
        self.app.stdout.write(_SCRIPTS[parsed_args.shell])
        return errors.OK


class Complete(command.AlegraCommand):
    """Candidates for the word being completed (used by the scripts)."""

    deprecated = True  # hidden from help

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('words', nargs=argparse.REMAINDER)
        return parser

    def take_action(self, parsed_args):
        words = parsed_args.words or ['']
        for candidate in sorted(set(self.candidates(words[:-1],
                                                    words[-1]))):
            self.app.stdout.write(candidate + '\n')
        return errors.OK

    def candidates(self, before, current):
        manager = self.app.command_manager
        names = [word for word in before if not word.startswith('-')]
        if not names:
            # Only the resources that match are loaded, and a broken one
            # is never offered.
            resources = manager.check(manager.resource_names(current))
            commands = {name.split(' ', 1)[0] for name in manager.commands
                        if name != HIDDEN_NAME}
            return resources + [group for group in commands
                                if group.startswith(current)]
        if len(names) == 1 and not current.startswith('-') and \
                (not before or not before[-1].startswith('-')):
            return [name.split(' ', 1)[1] for name in self._commands(names[0])
                    if name.split(' ', 1)[1].startswith(current)]
        parser = self._parser(names[:2])
        if parser is None:
            return []
        if before and before[-1].startswith('-'):
            action = parser._option_string_actions.get(before[-1])
            if action is not None and action.nargs != 0:
                return [str(choice) for choice in action.choices or ()
                        if str(choice).startswith(current)]
        return [option for option in parser._option_string_actions
                if option.startswith('--') and option.startswith(current)]

    def _commands(self, group):
        manager = self.app.command_manager
        if group in manager.resource_entry_points:
            try:
                manager.load_resource(group)
            except Exception:
                return []
        return [name for name in manager.commands
                if name.startswith(group + ' ')]

    def _parser(self, words):
        try:
            factory, name, _ = self.app.command_manager.find_command(words)
        except (ValueError, Exception):
            return None
        return factory(self.app, None, cmd_name=name).get_parser(
            'alegra ' + name)
