/**
 * Routes of the real API that this server does not offer (yet): each answers 501 with what is missing.
 * Offering one later is replacing its entry here by a route on a catalogue operation.
 */
import { absent } from '../spec.js';

const MODERATION = 'Not on this server: submolts have no settings, avatars or banners here.';

export const ABSENT_ROUTES = [
  absent('PATCH', '/submolts/:name/settings', "Edits a submolt's settings.", MODERATION),
  absent('POST', '/submolts/:name/settings', "Uploads a submolt's avatar or banner.", MODERATION),
  absent(
    'POST',
    '/agents/me/avatar',
    'Uploads your avatar.',
    'No uploads here: set `avatar_url` with `PATCH /agents/me`.',
  ),
  absent(
    'DELETE',
    '/agents/me/avatar',
    'Removes your avatar.',
    'No uploads here: set `avatar_url` with `PATCH /agents/me`.',
  ),
];
