"""``alegra doctor``: is everything in place to talk to Alegra?

One line per check, each with a mark and, when it is not fine, a hint:
the config file, the credentials and where they come from, the base URL,
``GET /users/self``, ``GET /company`` (the account's country), the last
known rate-limit quota, a probe of a plan-gated feature, and the plugins
(each broken one is a failure, named in one line).
"""

import os

from alegra import command
from alegra import config
from alegra import errors
from alegra import limiter
from alegra import registry
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest

MARKS = {'ok': '✓', 'warn': '!', 'fail': '✗'}
PLAN_PROBE = ApiRequest('GET', '/conciliations', [('limit', 1)])
# Where the token came from (``Settings.token_source``), as doctor says it.
TOKEN_SOURCES = {
    'env': N_('{email}, token from env'),
    'keyring': N_('{email}, token from keyring'),
    'config-file': N_('{email}, token in the config file, unencrypted '
                      '(auth login without --insecure-storage moves it to '
                      'the OS keyring)'),
}


class Doctor(command.AlegraCommand):
    """Check the config, credentials, API access, quota and plan."""

    def take_action(self, parsed_args):
        self.checks = []
        self.first_failure = None
        settings = self._config()
        if settings is not None:
            self._credentials(settings)
            self._base_url(settings)
            if settings.has_credentials:
                self._api(settings)
        self._plugins()
        output = self.output_format()
        if output == 'table':
            # A checklist reads best whole, one line per check.
            for name, status, detail in self.checks:
                self.app.stdout.write(f'{MARKS[status]} {name:<12} '
                                      f'{detail}\n')
        else:
            self.printer(output).records(
                [{'check': name, 'status': status, 'detail': detail}
                 for name, status, detail in self.checks],
                ('check', 'status', 'detail'))
        if self.first_failure is not None:
            raise self.first_failure
        return errors.OK

    def add(self, name, status, detail, failure=None):
        self.checks.append((name, status, detail))
        if failure is not None and self.first_failure is None:
            self.first_failure = failure

    def _config(self):
        path = config.config_path(self.app.environ)
        try:
            settings = self.settings
        except errors.AlegraError as exc:
            self.add('config', 'fail', exc.one_line()[7:], exc)
            return None
        if os.path.exists(path):
            detail = _('profile {profile!r} from {path}')
        else:
            detail = _('profile {profile!r} from {path} (none yet; env vars '
                       'only)')
        self.add('config', 'ok', detail.format(profile=settings.profile,
                                               path=path))
        return settings

    def _credentials(self, settings):
        if settings.has_credentials:
            source = settings.token_source
            text = TOKEN_SOURCES.get(source, N_('{email}, token from '
                                                '{source}'))
            status = 'warn' if source == 'config-file' else 'ok'
            self.add('credentials', status, _(text).format(
                email=settings.email, source=source))
            return
        try:
            settings.require_credentials()
        except errors.AuthError as exc:
            self.add('credentials', 'fail', exc.one_line()[7:], exc)

    def _base_url(self, settings):
        if config.insecure_base_url(settings.base_url):
            self.add('base URL', 'warn', _(
                '{url} is not https: the token travels in clear').format(
                    url=settings.base_url))
        else:
            self.add('base URL', 'ok', settings.base_url)

    def _api(self, settings):
        try:
            user = self.send(ApiRequest('GET', '/users/self'))
        except errors.AlegraError as exc:
            self.add('user', 'fail', exc.one_line()[7:], exc)
            return
        if self.options.dry_run:
            return
        self.add('user', 'ok', f"{user.get('name', '')} "
                               f"{user.get('lastName', '')} "
                               f"<{user.get('email', '')}>".strip())
        self._company()
        self._quota(settings)
        self._plan()

    def _company(self):
        try:
            company = self.send(ApiRequest('GET', '/company'))
        except errors.AlegraError as exc:
            self.add('company', 'fail', exc.one_line()[7:], exc)
            return
        self.add('company', 'ok', _('{name} (country: {country})').format(
            name=company.get('name'),
            country=company.get('applicationVersion')))

    def _quota(self, settings):
        state = limiter.StateFile(limiter.state_path(
            settings.base_url, settings.email, self.app.environ)).peek()
        if state is None or state.last_remaining is None:
            self.add('rate limit', 'warn', _('the API sent no rate-limit '
                                             'headers'))
            return
        self.add('rate limit', 'ok', _(
            '{remaining} of {limit} requests left, window resets in '
            '{reset} s').format(remaining=state.last_remaining,
                                limit=state.limit, reset=state.last_reset))

    def _plan(self):
        try:
            self.send(PLAN_PROBE)
        except errors.PlanRequired:
            self.add('plan', 'warn', _(
                "reconciliations are not in this company's plan (HTTP "
                '402); some reports may not be either'))
            return
        except errors.AlegraError as exc:
            self.add('plan', 'warn', _('could not probe: {reason}').format(
                reason=exc.message))
            return
        self.add('plan', 'ok', _('plan-gated features (reconciliations) '
                                 'answer'))

    def _plugins(self):
        """The cheap checks every command runs (``alegra plugins check``
        runs the rest)."""
        statuses = list(registry.survey(registry.RESOURCE_GROUP).values())
        statuses += registry.survey(registry.COMMAND_GROUP).values()
        broken = [status.problems[0] for status in statuses
                  if not status.ok]
        for problem in broken:
            self.add('plugins', 'fail', str(problem), problem)
        if not broken:
            resources = sum(1 for status in statuses
                            if status.entry_point.group ==
                            registry.RESOURCE_GROUP)
            commands = len(statuses) - resources
            self.add('plugins', 'ok', _(
                '{resources} resource plugins and {commands} commands '
                'load').format(resources=resources, commands=commands))
