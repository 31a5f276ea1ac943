/**
 * The widths real terminals give code points, where they agree, and the code points they do not agree on. Made from
 * tmux 3.3 (glibc 2.36's wcwidth, in a UTF-8 locale) and xterm.js with Unicode 11 widths by test/helpers/width-oracle.ts
 * (`npx tsx test/helpers/width-oracle.ts` prints the three lists), and held to them by test/ui/width-terminals.test.ts.
 * Ranges are `start-count` in base 36; a code point in none of the lists is one column. Read on first use: narrow text
 * (width.ts) never asks.
 */

/** Two columns in both. */
const WIDE =
	'3cw-2o,6xm-2,6y1-2,73d-4,73k,73n,7i5-2,7is-2,7k8-c,7lr,7mb,7mp,7my-2,7nh-2,7no-2,7ny,7o4,7oq,7oy-2,7p1,7p6,7p9,' +
	'7ph,7pm-2,7qg,7rg,7ri,7rn-3,7rr,7th-3,7u8,7un,8ij-2,8k0,8k5,96o-q,97f-2h,9a8-5y,9gw-c,9hc-16,9im-h,9j5-2e,' +
	'9ln-2t,9ol-17,9pt-2m,9sg-17,9ts-10,9v4-1b,9wg-14,9xs-5f4,feo-h3h,wi8-1j,xgg-t,xz4-8mc,1d6o-a6,1dgw-2y,1e6o-a,' +
	'1e7k-z,1e8k-j,1e94-4,1edd-2o,1ejk-7,20o0-4,20ow-4qg,25fk-kz,2dc0-7z,2dlc-3,2dlw-4,2dm8-b0,2pz8,2q4v,2qa6,' +
	'2qa9-a,2qdc-3,2qds-18,2qf4-9,2qfk-2,2qg0-6,2qkg-x,2qlp-9,2qlz-1y,2qny-m,2qow-17,2qq7-5,2qqo-h,2qr8,2qrc-1z,' +
	'2qtc,2qte-57,2qyn-1r,2r0r-4,2r0w-o,2r22,2r2t-2,2r38,2r5n-2d,2r9c-1y,2rbg,2rbk-3,2rbp,2rcb-2,2rck-7,2rj4-c,' +
	'2rrh-1a,2rss-a,2rt3-17,2rub-4,2rui-15,2rvp-6,2rvy-t,2rwt-1f,2s1c-4,2s1k-3,2s1s-3,2s28-6,2t4w-wyo,3q4g-37d,' +
	'3tc0-66,3ti8-4g2,3xyo-5rl,464g-f2,47pc-3t7';
/** No column in both (marks, joiners, format characters, Hangul's medial and final jamo). */
const ZERO =
	'lc-34,w3-7,13l-19,14v,14x-2,150-2,153,174-b,17g,18r-l,19s,1cm-7,1cv-6,1d3-2,1d6-4,1e9,1f4-r,1ie-b,1kb-9,1kt,' +
	'1li-4,1ln-9,1lx-3,1m1-5,1nd-3,1qr-f,1r7-w,1tm,1to,1tt-8,1u5,1u9-7,1uq-2,1vl,1x8,1xd-4,1xp,1ya-2,1z2,1z5-2,20s,' +
	'20x-2,213-2,217-3,21d,228-2,22d,22p-2,24c,24h-5,24n-2,24t,25e-2,262-6,269,27w,27z,281-4,28d,28m,28y-2,29u,2bk,' +
	'2bx,2dc,2dg,2f2-3,2fa-3,2fe-4,2fp-2,2g2-2,2gx,2ik,2in,2iu,2j0-2,2jm-2,2kg-2,2m3-2,2m9-4,2ml,2n6-2,2q2,2qa-3,' +
	'2qe,2sx,2t0-7,2tj-8,2wh,2wk-9,2x4-6,2zc-2,305,307,309,31t-e,328-5,32e-2,32l-b,32x-10,346,371-4,376-6,37d-2,' +
	'37h-2,388-2,38e-3,38x-4,39e,39h-2,39p,3a5,3fk-4g,3tp-3,4k2-3,4ky-2,4lu-2,4mq-2,4ok-2,4on-7,4p2,4p5-b,4pp,4qz-4,' +
	'4ud-2,4vd,4yo-3,4yv-2,4z6,4zd-3,55j-2,55n,57a,57c-7,57k,57m,57p-8,583-a,58f,59s-f,5c0-4,5dg,5di-5,5do,5du,' +
	'5ez-9,5fk-2,5gi-4,5go-2,5gr-3,5ie,5ig-2,5il,5in-3,5kc-8,5km-2,5ow-3,5p0-d,5pe-7,5pp,5pw,5q0-2,5vk-1m,5x7-5,' +
	'6bv-5,6cq-5,6e8-5,6ee-a,6hc-x,8vj-3,8zj,928-w,9ii-4,9ll-2,wvj-4,wvo-a,wwu-2,wz4-2,x6q,x6u,x6z,x7p-2,xc4-2,' +
	'xcw-i,xdr,xeu-8,xfr-b,xhc-3,xir,xiu-4,xj0-2,xk5,xm1-6,xm9-2,xmd-2,xmr,xn0,xoc,xps,xpu-3,xpz-2,xq6-2,xq9,xrg-2,' +
	'xrq,xyd,xyg,xyl,1dlq,1e68-g,1e74-g,1edb,1ek9-3,1eyl,1f4w,1f92-5,1gjl-3,1gjp-2,1gjw-4,1gl4-3,1glb,1gpx-2,1h5w-4,' +
	'1hl2-b,1hq9,1hrs-f,1htr-3,1hv7-4,1hvd-2,1hxc-3,1hyf-5,1hyl-8,1i0j,1i0w-2,1i2e-9,1i2x-4,1i5r-3,1i5w,1i5y-2,1i66,' +
	'1ian,1iar-8,1ibk-2,1id7-2,1idc,1iee-7,1ieo-5,1ik8-8,1iki-3,1ikm,1ila,1inn-6,1inu,1inz-2,1io2-2,1iuq-4,1iv0-2,' +
	'1iv3-2,1ivw-2,1iyb-8,1iyl,1iyn-2,1j1n,1j1p,1j1s-6,1j1z,1j4t-3,1j4y-4,1j53-5,1jcf-9,1jcp-2,1jo4-4,1joa-2,1jog,' +
	'1jpd-a,1jqr-6,1jqz-4,1jrb,1jrl-6,1jrt-3,1jt6-d,1jtk-2,1k4w-7,1k54-6,1k5b,1k7m-m,1k8a-7,1k8i-2,1k8l-2,1kc1-6,' +
	'1kca,1kcc-2,1kcf-7,1kcn,1keo-2,1ket,1kev,1koj-2,1ovk-9,1zow-5,1zqo-7,20jz,20lr-4,2ftp-2,2fts-4,2jxj-3,2jxv-g,' +
	'2jyd-7,2jze-4,2k3m-3,2lmo-1j,2lob-1e,2lpx,2lqc,2lqz-5,2lr5-f,2mtc-7,2mtk-h,2mu3-7,2mub-2,2mue-5,2n1s-7,2ne4-4,' +
	'2ok0-7,2on8-7,jny9,jnz4-2o,jo5c-6o';
/**
 * Not the same width in both (emoji and signs newer than Unicode 11, code points glibc does not know: tmux gives
 * them no column, xterm.js one), and those Ink (string-width) lays out wider than both show them (the trigrams ☰): a
 * list's column shows them escaped (width.ts).
 */
const DISPUTED =
	'oo-2,ow-4,p7,p9,pu,10w,11z-2,13f-2,13k,154-8,163-4,16d-h,1ct,1e6-2,1fv-2,1iq-e,1kr-2,1m6-2,1mn,1ng-2,1nj,1nv-5,' +
	'1ov,1oy-e,1qi-9,1r6,1vo,1vx-2,1w1-2,1wp,1wx,1wz-3,1x6-2,1xh-2,1xl-2,1xr-8,1y0-4,1y6,1yc-2,1z3-2,1z8,1zf-4,' +
	'1zl-2,209,20h,20k,20n,20q-2,20t,20z-4,215-2,21a-3,21e-7,21p,21r-7,22f-a,22s,232,236,23t,241,244,24a-2,24m,24q,' +
	'24u-2,24x-f,25g-2,25u-7,268,26c,26l-2,26p-2,27d,27l,27o,27u-2,285-2,289-2,28e-8,28o-4,28u,290-2,29k-a,29w,' +
	'2a3-3,2a9,2ae-3,2aj,2al,2ao-3,2at-3,2az-3,2be-4,2bn-3,2bt,2by-2,2c1-6,2c8-e,2d7-5,2dp,2dt,2eh,2ey-3,2f9,2fd,' +
	'2fi-7,2fr,2fv-2,2fy-2,2g4-2,2gg-7,2h9,2hd,2i1,2ic,2ii-2,2it,2ix,2j2-7,2jb-6,2jj,2jo-2,2k0,2k3-d,2kt,2kx,2md,' +
	'2mh,2mo-4,2n8-2,2o0-2,2o4,2on-3,2pe,2po,2pq-2,2pz-3,2q3-4,2qd,2qf,2qo-6,2r4-2,2r9-c,2t7-4,2u4-11,2v7,2v9,2vf,' +
	'2w4,2w6,2wu-2,2x1,2x3,2xa-2,2xm-2,2xs-w,30o,31p-4,32w,33x,34d,34r-11,3ba,3bc-5,3bi-2,3m1,3m6-2,3mf,3mh,3mm-2,' +
	'3nt,3ny-2,3ox,3p2-2,3pb,3pd,3pi-2,3pz,3rl,3rq-2,3tn-2,3ul-3,3ve-6,3xy-2,3y6-2,4gt-3,4jd-7,4k6-9,4l0,4l3-9,' +
	'4lw-c,4ml,4mp,4ms-c,4pq-2,4q2-6,4qi-6,4r3,4re-6,4u1-7,4vf-5,4xi-a,4yn,4z0-4,4zg-4,4zl-3,50u-2,511-b,52k-4,' +
	'53e-6,53v-3,55o-2,57j,58d-2,58q-6,596-6,59q-2,5a7-1t,5e5-3,5fj,5is-8,5ko-3,5l6-3,5mx-7,5ob-2,5oo-8,5q3-5,5x6,' +
	'652-2,65a-2,66e-2,66m-2,66w,66y,670,672,67y-2,69h,69x,6ac-2,6ak,6b4-2,6b9,6bj,6co-2,6ed,6eq-2,6fj,6fx-3,6gx-f,' +
	'6i9-f,6mk-4,753-p,763-l,7jk-8,7m2-6,8l0-2,8ly,8vo-5,8x2,8x4-5,8xa-2,8yw-7,8z5-e,907-9,90n,90v,913,91b,91j,91r,' +
	'91z,927,95q-y,97e,99w-c,9g6-q,9h8-4,9j4,9lj-2,9og-5,9ps,9sf,9tn-5,9us-c,9wf,9xk-8,fcw-1s,wi5-3,wjr-9,wto-k,' +
	'wzc-8,x57-5,x5e,x5g,x5m-o,x7w-4,x8a-6,xa0-8,xc6-8,xcq-6,xg4-b,xh9-3,xji,xju-4,xkv,xmf-9,xn2-2,xne-2,xqb-o,' +
	'xrr-a,xs7-2,xsf-2,xsn-9,xt3,xtb,xv0-4,xym-2,xyy-6,16lg-2k,1dgu-2,1dju-12,1dl3-c,1dlk-5,1dmf,1dml,1dmn,1dmq,' +
	'1dmt,1dqb-g,1e34-2,1e4o-7,1e4w-w,1e6y-6,1e8j,1e93,1e98-4,1e9h,1ed9-2,1edc,1ein-3,1eiw-2,1ej4-2,1ejc-2,1ejh-3,' +
	'1ejr,1ejz-a,1eke-2,1eks,1elj,1em3,1em6,1emm-2,1en2-y,1erf-5,1ern-4,1et0-3,1evj,1evx-3,1ew1-1b,1eym-3m,1f31-3,' +
	'1f4h-f,1f5o-4,1f6s-9,1f7v-5,1f97-5,1fa6,1fb8-4,1fbq-16,1fha-2,1fhm-6,1fis-4,1fjw-4,1fl4-8,1fms-b,1fnf,1fnv,' +
	'1fo3,1fo6,1foi,1foy,1fp6,1fp9-1v,1fzr-9,1g0m-a,1g14-o,1g1y,1g35,1g3f-1x,1g5i-2,1g5l,1g6u,1g6x-3,1g71-2,1g7q,' +
	'1g9r-8,1ga8-1c,1gc3,1gc6-5,1gd8-3,1ge2-5,1ge8-1s,1ghk-4,1gi8-2,1gjo,1gjr-5,1gk4,1gk8,1gl2-2,1gl7-4,1gll-7,' +
	'1gm1-7,1go0-w,1gpz-4,1gqf-9,1gs6-3,1gt2-2,1gtv-5,1guq-7,1gv1-c,1gvk-28,1gzt-1j,1h2r-d,1h4j-7,1h60-8,1h6i-86,' +
	'1hfj,1hgq-3,1hgu-2,1hgy-26,1hk8-8,1hlm-m,1hmq-4,1hmy-12,1hos-k,1hpz-9,1hse-4,1htc,1htf-2,1hti-9,1hvh,1hvm-e,' +
	'1hwp-7,1hx6-6,1hyt,1hzc-8,1i0n-9,1i33,1i3k,1i45-b,1i4y,1i67-1t,1i87,1i89,1i8e,1i8u,1i96-6,1iaz-5,1ibe-6,1ibo,' +
	'1ibx-2,1ic1-2,1icp,1icx,1id0,1id6,1idh-2,1idl-2,1idq-2,1idt-6,1ie0-5,1iec-2,1iel-3,1iet-3v,1il8,1ile-u,1io8-8,' +
	'1ioq-4m,1iuu-2,1ivy-y,1iyt-b,1ize-6,1izx-j,1j22-6,1j2i-1i,1j4r-2,1j58-4,1j5z-55,1jcs-2s,1jhv-c,1jif-2,1jii-2,' +
	'1jis,1jiv,1jjq,1jjt-4,1jjy,1jk3,1jk7-9,1jkq-1y,1jmw-2,1jo8-2,1jol-r,1jrc-8,1jtv-d,1jw9-7b,1k3t,1k53,1k5i-a,' +
	'1k6l-3,1k7k-2,1k88,1k8n-21,1kav,1kay,1kc7-3,1kcb,1kce,1kco-8,1kd6-6,1kdi,1kdl,1ken,1keq,1kex-7,1kfe-8m,1kop-53,' +
	'1ktt-f,1kvm-d,1llm-2u,1lrj,1lrp-b,1lxg-218,1o1f-d,1ovj,1ovt-347,1sg7-6nt,1zjt-7,1zkv,1zl6-4,1znj,1znu-6,1zou-2,' +
	'1zp2-a,1zra-a,1zru,1zs2,1zso-5,1ztc-j4,20ez-2t,20jv-4,20lk-7,20m8-1s,20o4-s,25fc-8,260j-7bh,2djz-1d,2dlf-h,' +
	'2dm0-8,2dx8-1s4,2fsb-5,2fst-3,2ft5-7,2ftm-2,2ftw-3os,2jlw-1o,2jue-a,2jvr-2,2k17-l,2k3q-4a,2k8k-3n,2kc9-3r,2kid,' +
	'2kkd,2kkg-2,2kkj-2,2kkn-2,2kkt,2kl6,2kl8,2klg,2kna,2knf-2,2knp,2knx,2koq,2kov,2kp1,2kp3-3,2kpd,2kyu-2,2l70-2,' +
	'2lqk-f,2lr4,2lrk-uo,2mn3-69,2mtj,2mu1-2,2mua,2mud,2muj-5x,2n1p-3,2n26-2,2n2i-4,2n2o-8w,2nce-i,2nei-5,2neo-yo,' +
	'2odj,2odo,2odr,2oe7,2ojp-2,2ok7-15,2ong-4,2onu-4,2oo0-lt,2pbp-24,2pfi-5e,2pl0,2pls,2plv,2plx-2,2pm0,2pmb,2pmg,' +
	'2pmi,2pmk-6,2pmr-4,2pmw,2pmy,2pn0,2pn4,2pn7,2pn9-2,2pnc,2pne,2png,2pni,2pnk,2pnn,2pnp-2,2pnv,2po3,2po8,2pod,' +
	'2pof,2poq,2pp8-5,2ppg,2ppm,2pq4-1g,2prm-7i,2q0c-4,2q38-c,2q3z-2,2q4g,2q4w,2q5y-a,2qb2-1k,2qdf-d,2qf0-4,2qfd-7,' +
	'2qfm-e,2qg6-4a,2rbq-a,2rcd-3,2rcr-5,2rg4-c,2rix-7,2rjg-k,2rkc-4,2rm0-8,2rmi-6,2rns-8,2rou-2,2roy-26,2rrg,2rsr,' +
	'2rt2,2rua,2ruf-3,2rvn-2,2rvv-3,2rwr-2,2s0k-c,2s1a-2,2s1g-4,2s1n-5,2s1v-d,2s2e-2y,2s9f,2saz-11,2sca-sm,3q3k-w,' +
	'3tbt-7,3ti6-2,3xya-e,43q9-2e7,46ji-15u,4bij-fcfq,jnya-u,jo1s-3k,joc0-1e6o,mh32-2,nvni-2';

type Ranges = {readonly starts: Uint32Array; readonly ends: Uint32Array};

function parse(text: string): Ranges {
	const parts = text.split(',');
	const starts = new Uint32Array(parts.length);
	const ends = new Uint32Array(parts.length);
	parts.forEach((p, i) => {
		const [start, count] = p.split('-');
		starts[i] = parseInt(start!, 36);
		ends[i] = starts[i]! + (count === undefined ? 1 : parseInt(count, 36)) - 1;
	});
	return {starts, ends};
}

function within(r: Ranges, cp: number): boolean {
	let lo = 0;
	let hi = r.starts.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (cp < r.starts[mid]!) hi = mid - 1;
		else if (cp > r.ends[mid]!) lo = mid + 1;
		else return true;
	}
	return false;
}

let tables: {wide: Ranges; zero: Ranges; disputed: Ranges} | undefined;
const read = (): NonNullable<typeof tables> =>
	(tables ??= {wide: parse(WIDE), zero: parse(ZERO), disputed: parse(DISPUTED)});

/** Whether the terminals give this code point different widths. */
export function widthDisputed(cp: number): boolean {
	return cp >= 0x300 && within(read().disputed, cp);
}

/**
 * The columns both terminals give a code point, or undefined where they disagree. A surrogate (a lone one, a byte
 * that was not UTF-8: written as U+FFFD) is one; a control none.
 */
export function terminalWidth(cp: number): 0 | 1 | 2 | undefined {
	// Controls (left out: sanitize.ts shows them escaped before text gets here).
	if (cp < 0x300) return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
	const t = read();
	if (within(t.disputed, cp)) return undefined;
	if (within(t.zero, cp)) return 0;
	return within(t.wide, cp) ? 2 : 1;
}
