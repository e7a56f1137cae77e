import template from 'lodash/template';
import escape from 'lodash/escape';

const welcomeText = 'Hello <%= name %>, welcome to <%= team %>!';

/** Renders the welcome mail: the template comes from the admin settings page. */
export function renderWelcome(source: string | undefined, name: string, team: string): string {
  const compiled = template(source ?? welcomeText);
  return compiled({ name: escape(name), team: escape(team) });
}
