export { BrowserVenue } from './browser.js';
export { ServerVenue } from './server.js';
export { takeConnection } from './connection.js';
export type { ServerConnection } from './connection.js';
export type { Venue, VenueEvents, VenueFault, VenueKind, VenueReply, VenueStats } from './venue.js';
