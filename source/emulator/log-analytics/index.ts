/**
 * The emulator's Log Analytics part: the server hands it every `/v1/...` request. One service per emulator (keyed
 * by its identity platform), made at the first request; `logAnalyticsOf` gives tests and the demo its settings.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {LogAnalyticsService, type LogAnalyticsContext} from './service.js';

const services = new WeakMap<object, LogAnalyticsService>();

export function logAnalyticsOf(ctx: LogAnalyticsContext): LogAnalyticsService {
	let service = services.get(ctx.identity);
	if (!service) services.set(ctx.identity, (service = new LogAnalyticsService(ctx)));
	return service;
}

export function serveLogAnalytics(
	ctx: LogAnalyticsContext,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	body: string,
): Promise<void> {
	return logAnalyticsOf(ctx).handle(req, res, url, body);
}

export {LOG_ANALYTICS_AUDIENCES, type LogAnalyticsSettings} from './service.js';
export {workspaceIdFor} from './tables.js';
