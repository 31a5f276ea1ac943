/**
 * ISO 3166-1 alpha-2 codes and their English names, for `--country Australia`: sign-in logs hold the two-letter
 * code in `location/countryOrRegion` (`AU`), and a name typed in its place would find nothing. Each line is a code,
 * its ISO short name, then other names people use for it (`|`-separated). Matching ignores case, accents,
 * punctuation, `&`/`and` and `St.`/`Saint`.
 */
const TABLE = `
AD Andorra
AE United Arab Emirates|UAE|Emirates
AF Afghanistan
AG Antigua and Barbuda
AI Anguilla
AL Albania
AM Armenia
AO Angola
AQ Antarctica
AR Argentina
AS American Samoa
AT Austria
AU Australia
AW Aruba
AX Åland Islands|Aland
AZ Azerbaijan
BA Bosnia and Herzegovina|Bosnia
BB Barbados
BD Bangladesh
BE Belgium
BF Burkina Faso
BG Bulgaria
BH Bahrain
BI Burundi
BJ Benin
BL Saint Barthélemy|St. Barts
BM Bermuda
BN Brunei Darussalam|Brunei
BO Bolivia|Plurinational State of Bolivia
BQ Bonaire, Sint Eustatius and Saba|Caribbean Netherlands|Bonaire
BR Brazil
BS Bahamas
BT Bhutan
BV Bouvet Island
BW Botswana
BY Belarus
BZ Belize
CA Canada
CC Cocos (Keeling) Islands|Cocos Islands
CD Democratic Republic of the Congo|Congo - Kinshasa|DR Congo|DRC|Congo, Democratic Republic of the
CF Central African Republic
CG Republic of the Congo|Congo|Congo - Brazzaville|Congo-Brazzaville
CH Switzerland
CI Côte d'Ivoire|Ivory Coast
CK Cook Islands
CL Chile
CM Cameroon
CN China|People's Republic of China|PRC
CO Colombia
CR Costa Rica
CU Cuba
CV Cabo Verde|Cape Verde
CW Curaçao
CX Christmas Island
CY Cyprus
CZ Czechia|Czech Republic
DE Germany|Deutschland
DJ Djibouti
DK Denmark
DM Dominica
DO Dominican Republic
DZ Algeria
EC Ecuador
EE Estonia
EG Egypt
EH Western Sahara
ER Eritrea
ES Spain
ET Ethiopia
FI Finland
FJ Fiji
FK Falkland Islands|Falklands|Falkland Islands (Malvinas)
FM Micronesia|Federated States of Micronesia
FO Faroe Islands|Faroes
FR France
GA Gabon
GB United Kingdom|UK|Great Britain|Britain|England|Scotland|Wales|Northern Ireland|United Kingdom of Great Britain and Northern Ireland
GD Grenada
GE Georgia
GF French Guiana
GG Guernsey
GH Ghana
GI Gibraltar
GL Greenland
GM Gambia|The Gambia
GN Guinea
GP Guadeloupe
GQ Equatorial Guinea
GR Greece
GS South Georgia and the South Sandwich Islands|South Georgia & South Sandwich Islands
GT Guatemala
GU Guam
GW Guinea-Bissau
GY Guyana
HK Hong Kong|Hong Kong SAR China
HM Heard Island and McDonald Islands|Heard & McDonald Islands
HN Honduras
HR Croatia
HT Haiti
HU Hungary
ID Indonesia
IE Ireland|Republic of Ireland
IL Israel
IM Isle of Man
IN India
IO British Indian Ocean Territory
IQ Iraq
IR Iran|Islamic Republic of Iran
IS Iceland
IT Italy
JE Jersey
JM Jamaica
JO Jordan
JP Japan
KE Kenya
KG Kyrgyzstan
KH Cambodia
KI Kiribati
KM Comoros
KN Saint Kitts and Nevis
KP North Korea|Democratic People's Republic of Korea|DPRK
KR South Korea|Republic of Korea|Korea
KW Kuwait
KY Cayman Islands
KZ Kazakhstan
LA Laos|Lao People's Democratic Republic
LB Lebanon
LC Saint Lucia
LI Liechtenstein
LK Sri Lanka
LR Liberia
LS Lesotho
LT Lithuania
LU Luxembourg
LV Latvia
LY Libya
MA Morocco
MC Monaco
MD Moldova|Republic of Moldova
ME Montenegro
MF Saint Martin|Saint Martin (French part)
MG Madagascar
MH Marshall Islands
MK North Macedonia|Macedonia
ML Mali
MM Myanmar|Burma|Myanmar (Burma)
MN Mongolia
MO Macao|Macau|Macao SAR China
MP Northern Mariana Islands
MQ Martinique
MR Mauritania
MS Montserrat
MT Malta
MU Mauritius
MV Maldives
MW Malawi
MX Mexico
MY Malaysia
MZ Mozambique
NA Namibia
NC New Caledonia
NE Niger
NF Norfolk Island
NG Nigeria
NI Nicaragua
NL Netherlands|Holland|The Netherlands
NO Norway
NP Nepal
NR Nauru
NU Niue
NZ New Zealand
OM Oman
PA Panama
PE Peru
PF French Polynesia
PG Papua New Guinea
PH Philippines
PK Pakistan
PL Poland
PM Saint Pierre and Miquelon
PN Pitcairn|Pitcairn Islands
PR Puerto Rico
PS Palestine|State of Palestine|Palestinian Territories
PT Portugal
PW Palau
PY Paraguay
QA Qatar
RE Réunion
RO Romania
RS Serbia
RU Russia|Russian Federation
RW Rwanda
SA Saudi Arabia
SB Solomon Islands
SC Seychelles
SD Sudan
SE Sweden
SG Singapore
SH Saint Helena, Ascension and Tristan da Cunha|Saint Helena
SI Slovenia
SJ Svalbard and Jan Mayen
SK Slovakia
SL Sierra Leone
SM San Marino
SN Senegal
SO Somalia
SR Suriname
SS South Sudan
ST Sao Tome and Principe
SV El Salvador
SX Sint Maarten|Sint Maarten (Dutch part)
SY Syria|Syrian Arab Republic
SZ Eswatini|Swaziland
TC Turks and Caicos Islands
TD Chad
TF French Southern Territories
TG Togo
TH Thailand
TJ Tajikistan
TK Tokelau
TL Timor-Leste|East Timor
TM Turkmenistan
TN Tunisia
TO Tonga
TR Türkiye|Turkey
TT Trinidad and Tobago
TV Tuvalu
TW Taiwan
TZ Tanzania|United Republic of Tanzania
UA Ukraine
UG Uganda
UM United States Minor Outlying Islands|U.S. Outlying Islands
US United States|USA|United States of America|America|U.S.
UY Uruguay
UZ Uzbekistan
VA Holy See|Vatican|Vatican City
VC Saint Vincent and the Grenadines|St. Vincent & Grenadines
VE Venezuela|Bolivarian Republic of Venezuela
VG British Virgin Islands|Virgin Islands (British)
VI U.S. Virgin Islands|Virgin Islands (U.S.)|US Virgin Islands
VN Viet Nam|Vietnam
VU Vanuatu
WF Wallis and Futuna
WS Samoa
YE Yemen
YT Mayotte
ZA South Africa
ZM Zambia
ZW Zimbabwe
`;

/** Two-letter codes with names that are not ISO assignments but appear in logs: Kosovo's user-assigned code. */
const EXTRA = 'XK Kosovo';

export interface Country {
	readonly code: string;
	readonly name: string;
}

const ENTRIES = [...TABLE.trim().split('\n'), EXTRA].map(line => {
	const [code, names] = [line.slice(0, 2), line.slice(3).split('|')];
	return {code, names};
});

/** Every ISO 3166-1 alpha-2 code with its English short name. */
export const COUNTRIES: readonly Country[] = ENTRIES.slice(0, -1).map(e => ({code: e.code, name: e.names[0]!}));

/** `Côte d’Ivoire`, `cote d'ivoire` and `COTE DIVOIRE` alike; `St. Lucia` and `Saint Lucia`; `&` and `and`. */
export function normalizeCountryName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/['’‘`]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.replace(/\bst\b/g, 'saint')
		.replace(/^the /, '')
		.trim();
}

/** Built on first use: normalizing every name took ~10 ms of each start of the CLI, --version included. */
let byName: Map<string, string> | undefined;
function namesToCodes(): Map<string, string> {
	const map = new Map<string, string>();
	for (const e of ENTRIES) for (const n of e.names) map.set(normalizeCountryName(n), e.code);
	return map;
}
const CODES = new Set(ENTRIES.map(e => e.code));

/**
 * The two-letter code for what a user typed: a code (`au`, `AU`) or an English name (`Australia`, `united states`).
 * Undefined when it is neither. `UK` is taken as the United Kingdom's `GB`, as people mean it.
 */
export function countryCode(input: string): string | undefined {
	const value = input.trim();
	if (/^[a-z]{2}$/i.test(value)) {
		const upper = value.toUpperCase();
		if (upper === 'UK') return 'GB';
		if (CODES.has(upper)) return upper;
	}
	return (byName ??= namesToCodes()).get(normalizeCountryName(value));
}
