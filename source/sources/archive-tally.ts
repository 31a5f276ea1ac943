/**
 * What reading an archive left out, and why, said in one note as `open FILE` says it (skipped.ts): "3 records
 * skipped: 2 not JSON objects, 1 without a time (…/h=05/m=00/PT1H.json line 2, …)", plus what the archive holds
 * that this report does not show (another report's records, a category entra-logs does not read), files that could
 * not be read, and a last line still being written. Nothing is dropped silently.
 */
import {relative} from 'node:path';
import type {ReportId} from '../reports/report.js';
import type {TreeNotes} from './archive-tree.js';

type Reason = 'not-object' | 'no-time';

const WORDS: Readonly<Record<Reason, readonly [one: string, many: string]>> = {
	'not-object': ['not a JSON object', 'not JSON objects'],
	'no-time': ['without a time', 'without a time'],
};

const REPORT_WORDS: Readonly<Record<ReportId, string>> = {
	signins: 'sign-in',
	audits: 'audit',
	provisioning: 'provisioning',
};

/** Places named in a note, at most. */
const NAMED = 5;

const n = (x: number): string => x.toLocaleString('en-US');

export class ArchiveTally {
	private readonly counts: Record<Reason, number> = {'not-object': 0, 'no-time': 0};
	private readonly places: string[] = [];
	private readonly others = new Map<ReportId, number>();
	private readonly categories = new Map<string, number>();
	private readonly files: string[] = [];
	private filesCount = 0;
	private readonly cut: string[] = [];
	private readonly early: string[] = [];

	skip(reason: Reason, where: string): void {
		this.counts[reason]++;
		if (this.places.length < NAMED) this.places.push(where);
	}

	otherReport(report: ReportId): void {
		this.others.set(report, (this.others.get(report) ?? 0) + 1);
	}

	unknownCategory(name: string): void {
		if (this.categories.size < 20 || this.categories.has(name))
			this.categories.set(name, (this.categories.get(name) ?? 0) + 1);
	}

	file(name: string, why: string): void {
		this.filesCount++;
		if (this.files.length < 3) this.files.push(`${name} (${why})`);
	}

	cutShort(where: string): void {
		this.cut.push(where);
	}

	/** A `records` document that ends between its records or before it closes: its `read` records are all read. */
	endsEarly(name: string, read: number): void {
		this.early.push(
			`${name} ends before its records document closes (still being written?); its ${n(read)} records were read`,
		);
	}

	/** The other reports whose records were passed by. */
	otherReports(): ReportId[] {
		return [...this.others.keys()];
	}

	/** Records skipped, in all. */
	get skipped(): number {
		return this.counts['not-object'] + this.counts['no-time'];
	}

	/** The note, with what the walk passed by (`tree`); undefined when nothing was left out. */
	describe(root: string, tree: TreeNotes): string | undefined {
		const parts: string[] = [];
		const total = this.skipped;
		if (total > 0) {
			const why = (Object.keys(this.counts) as Reason[])
				.filter(r => this.counts[r] > 0)
				.map(r => `${n(this.counts[r])} ${WORDS[r][this.counts[r] === 1 ? 0 : 1]}`);
			parts.push(
				`${n(total)} record${total === 1 ? '' : 's'} skipped: ${why.join(', ')} (${this.places.join(', ')}${total > NAMED ? ', ...' : ''})`,
			);
		}
		// Files that could not be read, and those the walk passed by (a link to nothing), named alike.
		const files = this.filesCount + tree.filesNotReadCount;
		const named = [
			...this.files,
			...tree.filesNotRead.map(f => `${relative(root, f.path) || f.path} (${f.why})`),
		].slice(0, 3);
		if (files > 0)
			parts.push(`${n(files)} file${files === 1 ? '' : 's'} not read: ${named.join(', ')}${files > 3 ? ', ...' : ''}`);
		if (tree.unreadableCount > 0)
			parts.push(
				`${n(tree.unreadableCount)} folder${tree.unreadableCount === 1 ? '' : 's'} not read: ${tree.unreadable.join(', ')}${tree.unreadableCount > 3 ? ', ...' : ''}`,
			);
		for (const where of this.cut.slice(0, 3))
			parts.push(`${where}, the last, is cut short (still being written?) and was left out`);
		parts.push(...this.early.slice(0, 3));
		const reports = new Set<ReportId>([...this.others.keys(), ...tree.otherReports.keys()]);
		for (const report of reports) {
			const records = this.others.get(report);
			const containers = [...(tree.otherReports.get(report) ?? [])];
			const what = [
				records ? `${n(records)} ${REPORT_WORDS[report]} record${records === 1 ? '' : 's'}` : '',
				containers.join(', '),
			].filter(Boolean);
			parts.push(`also holds ${what.join(' and ')}: entra-logs open ${root} ${report}`);
		}
		const categories = [...this.categories.entries()].map(([name, count]) => `${name} (${n(count)})`);
		if (tree.unknown.size > 0) categories.push(...tree.unknown);
		if (categories.length > 0) parts.push(`left out, categories entra-logs does not read: ${categories.join(', ')}`);
		if (tree.outside > 0)
			parts.push(`${n(tree.outside)} .json file${tree.outside === 1 ? '' : 's'} outside y=/m=/d=/h= folders left out`);
		return parts.length === 0 ? undefined : `${root}: ${parts.join('; ')}`;
	}
}
