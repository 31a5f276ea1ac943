/**
 * The summary of a query (issue 9 §3): counts by outcome and by each group, a time histogram and the detections.
 * Incremental: `add` takes records a page at a time (the loaded list, then a background fetch of the whole query),
 * `result` can be asked at any moment. One pass per record, values interned, detections' inputs kept in typed
 * columns; nothing a record holds can make it throw (source/triage/values.ts).
 */
import type {ReportId} from '../reports/report.js';
import {
	detect,
	detectionOrder,
	FAILURE,
	INTERRUPTED,
	SUCCESS,
	UNKNOWN,
	type Detection,
	type SignInColumns,
} from './detections.js';
import {ERROR_CODE_GROUP, groupsOf, provisioningStatus, type GroupSpec} from './groups.js';
import {TimeCounts} from './histogram.js';
import {thousands} from './why.js';
import {codeMeaning, errorCodeOf, INTERRUPTS} from './outcome.js';
import {THRESHOLDS, type Thresholds} from './thresholds.js';
import {Counter, finite, Interner, obj, scalar, timeOf} from './values.js';
import {SignInChunks} from './columns.js';
import {OUTCOMES, type GroupEntry, type Summary, type SummaryOptions} from './summary-model.js';

export {GROUP_LABELS, type GroupEntry, type Summary, type SummaryOptions} from './summary-model.js';

export class Summarizer {
	readonly report: ReportId;
	private readonly options: SummaryOptions;
	private readonly specs: readonly GroupSpec[];
	private readonly read: (r: unknown, out: unknown[]) => void;
	/** Each group's raw value of the record being added. */
	private readonly raw: unknown[] = [];
	private readonly counters: Counter[];
	private readonly outcomeNames: readonly string[];
	private readonly outcomeCounts: Float64Array;
	private n = 0;
	private readonly times = new TimeCounts();
	private notObjects = 0;
	// Sign-ins only: the detections' columns, in chunks (columns.ts).
	private readonly chunks?: SignInChunks;
	private readonly codes = new Map<number, number>();
	private readonly reasons = new Map<number, string>();
	private readonly others = new Counter();
	private readonly byUpn: number[] = [];
	private readonly byOther: number[] = [];
	private readonly canonicalUsers = new Counter();
	private readonly extra = {
		asn: new Interner(),
		protocol: new Interner(),
		transfer: new Interner(),
		riskLevel: new Interner(),
		riskState: new Interner(),
	};
	private hidden = 0;
	/** Sign-ins that carry `authenticationProtocol` or `originalTransferMethod` (Graph beta's; v1.0 has neither). */
	private withProtocol = 0;
	private readonly slot: Readonly<Record<'app' | 'user' | 'ip' | 'country' | 'city' | 'clientApp', number>>;

	constructor(report: ReportId | {readonly id: ReportId}, options: SummaryOptions = {}) {
		this.report = typeof report === 'string' ? report : report.id;
		this.options = options;
		({groups: this.specs, read: this.read} = groupsOf(this.report));
		this.counters = this.specs.map(() => new Counter());
		this.outcomeNames = OUTCOMES[this.report];
		this.outcomeCounts = new Float64Array(this.outcomeNames.length);
		if (this.report === 'signins') this.chunks = new SignInChunks(options.store, options.chunk);
		const at = (key: string): number => this.specs.findIndex(s => s.key === key);
		this.slot = {
			app: at('app'),
			user: at('user'),
			ip: at('ip'),
			country: at('country'),
			city: at('city'),
			clientApp: at('clientApp'),
		};
	}

	/** How many records were added. */
	get total(): number {
		return this.n;
	}

	/** Adds records (a page). */
	add(records: Iterable<unknown>): this {
		for (const r of records) this.addOne(r);
		return this;
	}

	addOne(r: unknown): void {
		this.n++;
		const o = obj(r);
		if (!o) this.notObjects++;
		if (this.chunks) this.addSignIn(r, o, this.chunks);
		else {
			this.times.add(timeOf(o?.['activityDateTime']));
			const outcome = this.report === 'audits' ? o?.['result'] : provisioningStatus(r);
			const k = typeof outcome === 'string' ? this.outcomeNames.indexOf(outcome.toLowerCase()) : -1;
			this.outcomeCounts[k >= 0 ? k : this.outcomeNames.length - 1]!++;
			this.read(r, this.raw);
			for (let g = 0; g < this.specs.length; g++) this.count(g);
		}
	}

	private addSignIn(r: unknown, o: Readonly<Record<string, unknown>> | undefined, chunks: SignInChunks): void {
		const i = chunks.next();
		const c = chunks.ints;
		const id = o?.['id'];
		chunks.id(i, typeof id === 'string' ? id : typeof id === 'number' ? String(id) : '');
		const time = timeOf(o?.['createdDateTime']);
		chunks.time[i] = time;
		this.times.add(time);
		const code = errorCodeOf(r);
		const outcome = code === undefined ? UNKNOWN : code === 0 ? SUCCESS : INTERRUPTS.has(code) ? INTERRUPTED : FAILURE;
		chunks.outcome[i] = outcome;
		this.outcomeCounts[outcome]!++;
		c.code.set(i, code ?? -1);
		if (code !== undefined && code !== 0) {
			const seen = this.codes.get(code);
			this.codes.set(code, (seen ?? 0) + 1);
			if (seen === undefined) {
				const reason = obj(o?.['status'])?.['failureReason'];
				if (typeof reason === 'string' && reason !== '') this.reasons.set(code, reason);
			}
		}
		let upn = -1;
		this.read(r, this.raw);
		for (let g = 0; g < this.specs.length; g++) {
			const id = this.count(g);
			if (g === this.slot.user) upn = id;
			else if (g === this.slot.app) c.app.set(i, id);
			else if (g === this.slot.ip) c.ip.set(i, id);
			else if (g === this.slot.country) c.country.set(i, id);
			else if (g === this.slot.city) c.city.set(i, id);
			else if (g === this.slot.clientApp) c.clientApp.set(i, id);
		}
		// Who signed in: the UPN (its id in the user group), else the user id, else the service principal. UPNs are
		// compared without case (Entra's are case-insensitive): each spelling is lower-cased once, when first seen.
		if (upn >= 0) c.user.set(i, this.canonicalOf(this.byUpn, upn, this.counters[this.slot.user]!.values[upn]!));
		else {
			const who = scalar(o?.['userId']) ?? scalar(o?.['servicePrincipalName']);
			c.user.set(i, who === undefined ? -1 : this.canonicalOf(this.byOther, this.others.intern(who), who));
		}
		c.asn.set(i, this.extra.asn.id(o?.['autonomousSystemNumber']));
		const protocol = o?.['authenticationProtocol'];
		const transfer = o?.['originalTransferMethod'];
		if (protocol !== undefined || transfer !== undefined) this.withProtocol++;
		c.protocol.set(i, this.extra.protocol.id(protocol));
		c.transfer.set(i, this.extra.transfer.id(transfer));
		const level = o?.['riskLevelDuringSignIn'];
		if (level === 'hidden') this.hidden++;
		c.riskLevel.set(i, this.extra.riskLevel.id(level));
		c.riskState.set(i, this.extra.riskState.id(o?.['riskState']));
		const geo = obj(obj(o?.['location'])?.['geoCoordinates']);
		chunks.lat[i] = finite(geo?.['latitude']);
		chunks.lon[i] = finite(geo?.['longitude']);
	}

	/** The lower-cased user's id for the value with id `raw` of a group or interner whose ids `map` follows. */
	private canonicalOf(map: number[], raw: number, value: string): number {
		while (map.length <= raw) map.push(-1);
		if (map[raw] === -1) map[raw] = this.canonicalUsers.intern(value.toLowerCase());
		return map[raw]!;
	}

	/** Counts group g's value(s) of the record just read; the value's id, or -1. */
	private count(g: number): number {
		const raw = this.raw[g];
		if (this.specs[g]!.many && Array.isArray(raw)) {
			// Each distinct value once per record (two targets of one audit with the same name count once).
			const seen = new Set<string>();
			for (const item of raw) {
				const v = scalar(item);
				if (v !== undefined && !seen.has(v)) {
					seen.add(v);
					this.counters[g]!.add(v);
				}
			}
			return -1;
		}
		const v = scalar(raw);
		return v === undefined ? -1 : this.counters[g]!.add(v);
	}

	/**
	 * The summary of what was added so far: O(records) each time, so a screen fed by a background fetch asks at a
	 * steady pace (not after every page), and may leave the detections for the end (`{detections: false}`).
	 */
	result(options: {readonly detections?: boolean} = {}): Summary {
		const top = this.options.top ?? Number.POSITIVE_INFINITY;
		const groups: Record<string, GroupEntry[]> = {};
		const distinct: Record<string, number> = {};
		if (this.report === 'signins') {
			const codes = [...this.codes].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
			groups[ERROR_CODE_GROUP.key] = codes.slice(0, Math.min(codes.length, top)).map(([code, count]) => ({
				value: String(code),
				count,
				meaning: codeMeaning(code) || this.reasons.get(code) || '',
			}));
			distinct[ERROR_CODE_GROUP.key] = codes.length;
		}
		this.specs.forEach((spec, g) => {
			groups[spec.key] = this.counters[g]!.sorted(top);
			distinct[spec.key] = this.counters[g]!.distinct;
		});
		const histogram = this.times.histogram();
		const detections =
			this.chunks && (options.detections ?? this.options.detections) !== false ? this.detections(this.chunks) : [];
		const notes: string[] = [];
		if (this.hidden > 0) {
			notes.push(
				`Risk is hidden on ${thousands(this.hidden)} of ${thousands(this.n)} sign-ins: risk details need an Entra ID P2 licence, so risky sign-ins cannot be seen there.`,
			);
		}
		if (this.report === 'signins' && this.n > 0 && this.withProtocol === 0)
			notes.push(
				'No sign-in carries authenticationProtocol or originalTransferMethod (Graph beta has them, v1.0 does not): device-code sign-ins cannot be seen here.',
			);
		if (this.notObjects > 0)
			notes.push(`${thousands(this.notObjects)} records were not JSON objects (counted in the total only).`);
		return {
			report: this.report,
			total: this.n,
			outcomes: Object.fromEntries(this.outcomeNames.map((name, k) => [name, this.outcomeCounts[k]!])),
			groups,
			distinct,
			histogram,
			detections,
			from: this.times.from,
			to: this.times.to,
			notes,
		};
	}

	/** Over the chunks decoded whole, for as long as the detections run (columns.ts). */
	private detections(chunks: SignInChunks): Detection[] {
		const {time, outcome, lat, lon, ints} = chunks.decode();
		const columns: SignInColumns = {
			n: this.n,
			idsOf: indices => chunks.idsOf(indices),
			time,
			outcome,
			lat,
			lon,
			...ints,
			names: {
				user: this.canonicalUsers.values,
				ip: this.counters[this.slot.ip]!.values,
				asn: this.extra.asn.values,
				country: this.counters[this.slot.country]!.values,
				city: this.counters[this.slot.city]!.values,
				app: this.counters[this.slot.app]!.values,
				clientApp: this.counters[this.slot.clientApp]!.values,
				protocol: this.extra.protocol.values,
				transfer: this.extra.transfer.values,
				riskLevel: this.extra.riskLevel.values,
				riskState: this.extra.riskState.values,
			},
		};
		const thresholds: Thresholds = {...THRESHOLDS, ...this.options.thresholds};
		const found = detect(columns, thresholds);
		return found.sort(detectionOrder);
	}
}

/** The summary of `records` for `report` (ReportId or a report definition). */
export function summarize(
	report: ReportId | {readonly id: ReportId},
	records: Iterable<unknown>,
	options: SummaryOptions = {},
): Summary {
	return new Summarizer(report, options).add(records).result();
}
