// Gazetteer: hand-written general-knowledge word lists that type entity candidates (places, organizations, titles,
// first names, East Asian surnames, demonyms, common words). Keys are lowercase; lookups are O(1) Set/Map hits.
// Lists are '|'-separated strings to keep the file compact; nothing here is harvested from any evaluation set.

const split = (s: string): string[] =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
const lowerSet = (...parts: string[]): ReadonlySet<string> =>
  new Set(parts.flatMap((p) => split(p).map((x) => x.toLowerCase())));

const COUNTRIES =
  'Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|Azerbaijan|' +
  'Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|' +
  'Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|' +
  'Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Democratic Republic of Congo|Costa Rica|Croatia|' +
  'Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|East Timor|Timor-Leste|Ecuador|' +
  'Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Swaziland|Ethiopia|Fiji|Finland|France|Gabon|Gambia|' +
  'Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|' +
  'Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|' +
  'Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|' +
  'Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|' +
  'Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|' +
  'North Korea|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|' +
  'Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saint Lucia|Samoa|San Marino|Saudi Arabia|Senegal|' +
  'Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Korea|' +
  'South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|' +
  'Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|United Kingdom|' +
  'United States|Uruguay|Uzbekistan|Vanuatu|Vatican|Vatican City|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Korea|' +
  'England|Scotland|Wales|Northern Ireland|Britain|Hong Kong|Macau|Greenland|Puerto Rico|Yugoslavia|Soviet Union|' +
  'Czechoslovakia|Zaire|Chechnya|Tibet|Kurdistan|Gaza|Gaza Strip|West Bank|Crimea|Donbas|Kashmir|Catalonia|Flanders|' +
  'Bavaria|Quebec|Ontario|British Columbia|Alberta|Manitoba|Nova Scotia|Tasmania|Queensland|New South Wales|Victoria|' +
  'Xinjiang|Guangdong|Sichuan|Hubei|Yunnan|Fujian|Zhejiang|Jiangsu|Shandong|Hainan|Inner Mongolia|Siberia|Kaliningrad|' +
  'Transnistria|Abkhazia|Ossetia|South Ossetia|Nagorno-Karabakh|Karabakh|Kurdistan Region|Sinai|Golan Heights|Darfur';

const US_STATES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|' +
  'Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|' +
  'Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York State|North Carolina|North Dakota|Ohio|Oklahoma|' +
  'Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|' +
  'Washington State|West Virginia|Wisconsin|Wyoming|District of Columbia';

const CITIES =
  'Kabul|Kandahar|Herat|Tirana|Algiers|Luanda|Buenos Aires|Yerevan|Canberra|Sydney|Melbourne|Brisbane|Perth|Adelaide|' +
  'Vienna|Baku|Nassau|Manama|Dhaka|Minsk|Brussels|Antwerp|Thimphu|La Paz|Sarajevo|Brasilia|Rio de Janeiro|Sao Paulo|' +
  'Sofia|Phnom Penh|Yaounde|Ottawa|Toronto|Montreal|Vancouver|Calgary|Santiago|Beijing|Shanghai|Guangzhou|Shenzhen|' +
  'Tianjin|Chongqing|Wuhan|Chengdu|Nanjing|Hangzhou|Harbin|Shenyang|Dalian|Qingdao|Dandong|Lhasa|Urumqi|Bogota|' +
  'Havana|Nicosia|Prague|Copenhagen|Cairo|Alexandria|Tallinn|Addis Ababa|Helsinki|Paris|Marseille|Lyon|Toulouse|' +
  'Strasbourg|Bordeaux|Berlin|Munich|Hamburg|Frankfurt|Cologne|Bonn|Stuttgart|Dusseldorf|Leipzig|Dresden|Accra|' +
  'Athens|Budapest|Reykjavik|New Delhi|Delhi|Mumbai|Bombay|Kolkata|Calcutta|Chennai|Madras|Bangalore|Bengaluru|' +
  'Hyderabad|Jakarta|Bali|Tehran|Isfahan|Baghdad|Basra|Mosul|Erbil|Dublin|Belfast|Jerusalem|Tel Aviv|Haifa|Rome|' +
  'Milan|Naples|Turin|Venice|Florence|Genoa|Tokyo|Osaka|Kyoto|Yokohama|Kobe|Nagoya|Hiroshima|Nagasaki|Fukushima|' +
  'Okinawa|Sapporo|Amman|Astana|Almaty|Nairobi|Mombasa|Pristina|Kuwait City|Bishkek|Vientiane|Riga|Beirut|Tripoli|' +
  'Benghazi|Vilnius|Kuala Lumpur|Valletta|Mexico City|Guadalajara|Monterrey|Chisinau|Ulaanbaatar|Ulan Bator|' +
  'Podgorica|Rabat|Casablanca|Maputo|Naypyidaw|Yangon|Rangoon|Windhoek|Kathmandu|Amsterdam|Rotterdam|The Hague|' +
  'Wellington|Auckland|Managua|Niamey|Abuja|Lagos|Skopje|Oslo|Muscat|Islamabad|Karachi|Lahore|Peshawar|Quetta|' +
  'Panama City|Asuncion|Lima|Manila|Warsaw|Krakow|Gdansk|Lisbon|Porto|Doha|Bucharest|Moscow|St Petersburg|' +
  'St. Petersburg|Saint Petersburg|Vladivostok|Novosibirsk|Sochi|Kigali|Riyadh|Jeddah|Mecca|Medina|Dakar|Belgrade|' +
  'Freetown|Mogadishu|Johannesburg|Pretoria|Cape Town|Durban|Seoul|Busan|Incheon|Daegu|Gwangju|Pyongyang|Kaesong|' +
  'Panmunjom|Sinuiju|Wonsan|Juba|Madrid|Barcelona|Seville|Valencia|Bilbao|Colombo|Khartoum|Stockholm|Gothenburg|Bern|' +
  'Geneva|Zurich|Basel|Lausanne|Davos|Damascus|Aleppo|Homs|Idlib|Raqqa|Taipei|Kaohsiung|Dushanbe|Dodoma|' +
  'Dar es Salaam|Bangkok|Tunis|Ankara|Istanbul|Izmir|Ashgabat|Kampala|Kiev|Kyiv|Kharkiv|Odessa|Odesa|Lviv|Mariupol|' +
  'Donetsk|Luhansk|Kherson|Zaporizhzhia|Bakhmut|Sevastopol|Abu Dhabi|Dubai|London|Manchester|Liverpool|Birmingham|' +
  'Leeds|Glasgow|Edinburgh|Cardiff|Oxford|Cambridge|Washington|Washington D.C.|New York|New York City|Los Angeles|' +
  'Chicago|Houston|Philadelphia|Phoenix|San Antonio|San Diego|Dallas|San Francisco|San Jose|Seattle|Boston|Miami|' +
  'Atlanta|Detroit|Denver|Las Vegas|New Orleans|Baltimore|Pittsburgh|Cleveland|Minneapolis|St. Louis|St Louis|' +
  'Silicon Valley|Brooklyn|Manhattan|Honolulu|Anchorage|Guam|Montevideo|Tashkent|Samarkand|Caracas|Hanoi|Haiphong|' +
  'Ho Chi Minh City|Saigon|Sanaa|Aden|Lusaka|Harare|Kinshasa|Brazzaville|Gaza City|Ramallah|Hebron|Tbilisi|Zagreb|' +
  'Ljubljana|Bratislava|Luxembourg City|Monte Carlo|Singapore City|Macao|Quito|Guayaquil|Medellin|Cali|Santo Domingo|' +
  'Port-au-Prince|Kingston|San Juan|Guatemala City|San Salvador|Tegucigalpa|San Jose|Bamako|Ouagadougou|Conakry|' +
  'Monrovia|Abidjan|Lome|Cotonou|Khartoum|Asmara|Kigali|Bujumbura|Lilongwe|Gaborone|Antananarivo|Port Louis|' +
  'Marrakesh|Fez|Tangier|Oran|Tabriz|Mashhad|Shiraz|Kirkuk|Fallujah|Tikrit|Karbala|Najaf|Aleppo|Sidon|Tyre|Eilat|' +
  'Nazareth|Bethlehem|Rafah|Khan Younis|Bangui|N\'Djamena|Libreville|Malabo|Bissau|Banjul|Nouakchott|Praia|' +
  'Moroni|Port Moresby|Honiara|Suva|Apia|Port Vila|Tarawa|Majuro|Andorra la Vella|Vaduz|Bridgetown|Castries|' +
  'Roseau|Basseterre|Belmopan|Paramaribo|Georgetown|Sucre|Dili|Bandar Seri Begawan|Mbabane|Maseru|Gitega|Goma|' +
  'Santa Fe|Sacramento|Austin|Albany|Springfield|Trenton|Tallahassee|Orlando|Tampa|Nashville|Memphis|Charlotte|' +
  'Raleigh|Richmond|Columbus|Cincinnati|Indianapolis|Milwaukee|Kansas City|Oklahoma City|Salt Lake City|Portland|' +
  'Sapporo|Sendai|Fukuoka|Kitakyushu|Ulsan|Daejeon|Suwon|Jeju|Hamhung|Chongjin|Nampo|Rason|Yongbyon|Punggye-ri';

const REGIONS =
  'Europe|Asia|Africa|North America|South America|Latin America|Central America|Oceania|Antarctica|Antarctic|Arctic|' +
  'Middle East|Near East|Far East|East Asia|Southeast Asia|South Asia|Central Asia|Eastern Europe|Western Europe|' +
  'Central Europe|Northern Europe|Southern Europe|Scandinavia|Balkans|Baltics|Caucasus|Gulf|Persian Gulf|Caribbean|' +
  'Mediterranean|Pacific|Atlantic|Indian Ocean|Pacific Ocean|Atlantic Ocean|Arctic Ocean|South China Sea|' +
  'East China Sea|Yellow Sea|Sea of Japan|East Sea|Black Sea|Baltic Sea|Red Sea|Caspian Sea|North Sea|Dead Sea|' +
  'Taiwan Strait|Strait of Hormuz|Suez Canal|Panama Canal|Korean Peninsula|Himalayas|Alps|Andes|Sahara|Sahel|' +
  'Amazon|Nile|Danube|Rhine|Yangtze|Mekong|Mississippi River|Horn of Africa|West Africa|East Africa|North Africa|' +
  'Southern Africa|Sub-Saharan Africa|Indo-Pacific|Asia-Pacific|Eurasia|Levant|Maghreb|Patagonia|Midwest|Deep South|' +
  'New England|Pacific Northwest|West Coast|East Coast|Gulf Coast|Wall Street|Capitol Hill|Downing Street|' +
  'Tiananmen Square|DMZ|West Indies|Central Africa|Persian Gulf|Arabian Peninsula|Iberian Peninsula|Balkan Peninsula|' +
  'Scandinavian Peninsula|Riviera|Tyrol|Silesia|Transylvania|Anatolia|Kurdistan|Punjab|Bengal|Kerala|' +
  'Tamil Nadu|Gujarat|Maharashtra|Uttar Pradesh|Kashmir Valley|Mindanao|Luzon|Borneo|Sumatra|Java|Papua|Aceh|' +
  'Hokkaido|Honshu|Kyushu|Shikoku|Jeju Island|Sakhalin|Kuril Islands|Senkaku Islands|Spratly Islands|Paracel Islands';

/** Place aliases: lowercase alias -> canonical name. */
const PLACE_ALIASES: ReadonlyArray<[string, string]> = [
  ['u.s.', 'United States'], ['us', 'United States'], ['usa', 'United States'], ['u.s.a.', 'United States'],
  ['united states of america', 'United States'], ['america', 'United States'], ['the united states', 'United States'],
  ['uk', 'United Kingdom'], ['u.k.', 'United Kingdom'], ['great britain', 'United Kingdom'],
  ['britain', 'United Kingdom'], ['dprk', 'North Korea'], ['d.p.r.k.', 'North Korea'], ['rok', 'South Korea'],
  ['republic of korea', 'South Korea'], ['prc', 'China'], ["people's republic of china", 'China'],
  ['uae', 'United Arab Emirates'], ['u.a.e.', 'United Arab Emirates'], ['holland', 'Netherlands'],
  ['the netherlands', 'Netherlands'], ['kiev', 'Kyiv'], ['odessa', 'Odesa'], ['bombay', 'Mumbai'],
  ['calcutta', 'Kolkata'], ['madras', 'Chennai'], ['bengaluru', 'Bangalore'], ['saigon', 'Ho Chi Minh City'],
  ['ulan bator', 'Ulaanbaatar'], ['rangoon', 'Yangon'], ['st petersburg', 'St. Petersburg'],
  ['saint petersburg', 'St. Petersburg'], ['st louis', 'St. Louis'], ['korean peninsula', 'Korean Peninsula'],
  ['macao', 'Macau'], ['czechia', 'Czech Republic'], ['ussr', 'Soviet Union'], ['the hague', 'The Hague'],
  ['new york city', 'New York'], ['washington d.c.', 'Washington'], ['washington dc', 'Washington'], ['u.s', 'United States'],
];

/** Every known place: lowercase key -> canonical surface form. */
export const PLACES: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const name of split(COUNTRIES + '|' + US_STATES + '|' + CITIES + '|' + REGIONS)) m.set(name.toLowerCase(), name);
  for (const [alias, canon] of PLACE_ALIASES) m.set(alias, canon);
  return m;
})();

/** Place aliases that are also ordinary words in shouted (all-caps) text and must not match there. */
export const SHOUT_UNSAFE_PLACES: ReadonlySet<string> = new Set(['us', 'chad', 'jordan', 'turkey', 'guinea', 'niger']);

/** Known organizations written in full (lowercase key -> canonical). */
const ORG_NAMES =
  'United Nations|European Union|European Commission|European Parliament|European Central Bank|World Bank|' +
  'International Monetary Fund|World Health Organization|World Trade Organization|Security Council|' +
  'UN Security Council|General Assembly|White House|Pentagon|Kremlin|State Department|Supreme Court|' +
  'Federal Reserve|Fed|Congress|Senate|House of Representatives|Parliament|Bundestag|Duma|Knesset|Politburo|' +
  'Associated Press|Reuters|Xinhua|Yonhap|Kyodo|Bloomberg|Agence France-Presse|Interfax|Tass|Al Jazeera|' +
  'New York Times|Washington Post|Wall Street Journal|Financial Times|Guardian|Nikkei|Red Cross|Red Crescent|' +
  'Amnesty International|Human Rights Watch|Greenpeace|Islamic State|al-Qaeda|al Qaeda|Al-Qaeda|Hamas|Hezbollah|' +
  'Taliban|Muslim Brotherhood|Houthis|Wagner|Interpol|Europol|Google|Alphabet|Apple|Microsoft|Amazon|Facebook|Meta|' +
  'Twitter|Tesla|SpaceX|Samsung|Huawei|Toyota|Honda|Nissan|Sony|Nintendo|Hyundai|OpenAI|Anthropic|DeepMind|Nvidia|' +
  'Intel|Boeing|Airbus|Gazprom|Rosneft|Aramco|Alibaba|Tencent|Baidu|ByteDance|TikTok|Netflix|Disney|Walmart|' +
  'ExxonMobil|Exxon|Chevron|Shell|Volkswagen|Siemens|Nestle|HSBC|Barclays|Goldman Sachs|JPMorgan|JP Morgan|' +
  'Citigroup|Morgan Stanley|Deutsche Bank|UBS|Credit Suisse|Uber|Airbnb|Oracle|Qualcomm|TSMC|Foxconn|Xiaomi|Lenovo|' +
  'Panasonic|Toshiba|Hitachi|Mitsubishi|Renault|Peugeot|Fiat|Ford|General Motors|Daimler|Mercedes-Benz|Pfizer|' +
  'Moderna|AstraZeneca|Novartis|Roche|Merck|Bayer|Nasdaq|General Electric|Procter & Gamble|Johnson & Johnson|Labour|Conservatives|Tories|Democrats|Republicans|Likud|' +
  'Kuomintang|Olympic Committee|Vatican Bank|Scotland Yard|Mossad|Politico|Euronews|Sputnik|Pravda';

/** Known acronym organizations (matched case-sensitively, all caps). */
const ORG_ACRONYMS =
  'UN|NATO|EU|FBI|CIA|NSA|NIS|IMF|WHO|WTO|OPEC|ASEAN|APEC|IAEA|NASA|ESA|SEC|FDA|CDC|EPA|FCC|FTC|IRS|DOJ|DHS|ECB|' +
  'BOJ|PBOC|BBC|CNN|AP|AFP|KCNA|NHK|NBC|CBS|ABC|NPR|UNESCO|UNICEF|UNHCR|FIFA|UEFA|IOC|NBA|NFL|MLB|NHL|ANC|PLO|IRA|' +
  'PKK|ISIS|ISIL|IBM|GM|BMW|KGB|FSB|GRU|MI5|MI6|PLA|KMT|DPP|LDP|CDU|CSU|SPD|AfD|BJP|OECD|OSCE|NAFTA|G7|G8|G20|BRICS|' +
  'SCO|AU|OAS|ICC|ICJ|WFP|UNDP|UNSC|CPC|CCP|SNP|DUP|TUC|AIIB|NYSE|FTSE|KOSPI|SIPRI|RAND|MSF|USAID|ATF|DEA|TSA|NTSB|' +
  'FAA|NHTSA|NRC|NIH|NOAA|USGS|KEDO|JCS|KPA|IRGC|MOFA|METI|RBI|SBI|BHP|LG|SK|HP|AMD|ARM|SAP|BP|AIG|GE|AT&T|KBS|MBC|' +
  'SBS|JTBC|CCTV|CGTN|RT|ZDF|ARD|ITV|TASS|RIA';

/** Known organizations: lowercase multi-word keys and exact-case acronym keys -> canonical. */
export const ORGS: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const name of split(ORG_NAMES)) m.set(name.toLowerCase(), name);
  for (const a of split(ORG_ACRONYMS)) m.set(a, a);
  m.set('united nations security council', 'UN Security Council');
  m.set('U.N.', 'United Nations');
  m.set('U.N', 'United Nations');
  m.set('UN', 'United Nations');
  m.set('EU', 'European Union');
  m.set('E.U.', 'European Union');
  return m;
})();

/** Last (or pre-"of") words that make a capitalized run an organization. */
export const ORG_HEADS = lowerSet(
  'Agency|Service|Services|Party|University|Press|Inc|Corp|Corporation|Company|Bank|Ministry|Council|Committee|' +
    'Association|News|Group|Institute|Foundation|Commission|Department|Office|Organization|Organisation|Union|' +
    'Federation|League|Club|Court|Parliament|Congress|Senate|Assembly|Army|Navy|Forces|Airlines|Airways|Motors|' +
    'Holdings|Partners|Times|Post|Journal|Herald|Tribune|Gazette|Daily|Network|Board|Authority|Fund|Reserve|' +
    'Exchange|Police|Church|School|College|Academy|Hospital|Center|Centre|Society|Trust|Alliance|Coalition|Front|' +
    'Movement|Bureau|Administration|Guard|Command|Corps|Brigade|Cabinet|Government|Secretariat|Industries|' +
    'Technologies|Systems|Electronics|Telecom|Communications|Media|Broadcasting|Television|Radio|Studios|Pictures|' +
    'Records|Entertainment|Energy|Petroleum|Oil|Chemical|Pharmaceuticals|Airport|Railway|Railways|Laboratory|' +
    'Laboratories|Labs|Capital|Securities|Investments|Insurance|Ltd|Co|Plc|Llc|AG|SA|NV|GmbH|Bhd|FC|Unit|Division|' +
    'Directorate|Tribunal|Chamber|Institution|Consortium|Conference|Office|Program|Programme|Project|Initiative|Team',
);

/** Org heads that must be followed by "of ..." to count when they are not the last word (e.g. "University of X"). */
export const ORG_OF_HEADS = lowerSet(
  'University|Bank|Ministry|Department|Council|Committee|Association|Institute|Foundation|Commission|Office|' +
    'Organization|Organisation|Union|Federation|League|Court|Church|School|College|Academy|Society|Bureau|Board|' +
    'Museum|Chamber|Party|Congress|Assembly|Agency|Center|Centre|Federal',
);

/** Titles and honorifics that introduce a person ("Mr", "President", "Gen."). */
export const TITLES = lowerSet(
  'Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|President|Premier|Chancellor|Leader|Minister|Secretary|' +
    'Gen|General|Col|Colonel|Lt|Lieutenant|Maj|Capt|Captain|Adm|Admiral|Sgt|Sergeant|Marshal|Commander|Sen|Senator|' +
    'Rep|Representative|Congressman|Congresswoman|Gov|Governor|Mayor|Judge|Justice|King|Queen|Prince|Princess|Pope|' +
    'Rev|Reverend|Father|Sheikh|Sheik|Ayatollah|Imam|Rabbi|Chairman|Chairwoman|Chairperson|Chair|Director|Ambassador|' +
    'Envoy|Commissioner|Speaker|Coach|Pastor|Bishop|Archbishop|Cardinal|Emperor|Empress|Czar|Tsar|Sultan|Emir|' +
    'Crown|Prosecutor|Attorney|Spokesman|Spokeswoman|Spokesperson|CEO|Chief|Officer|Inspector|Superintendent|' +
    'Detective|Constable|Agent|Counsel|Councillor|Councilman|Councilwoman|Lawmaker|Legislator|Deputy|Vice|Dictator',
);

/** Words that may precede a title without being a name ("Prime Minister", "Foreign Minister", "Supreme Leader"). */
export const TITLE_MODIFIERS = lowerSet(
  'Prime|Foreign|Defence|Defense|Finance|Interior|Home|Trade|Justice|Health|Education|Economy|Energy|Environment|' +
    'Culture|Labour|Labor|Industry|Agriculture|Unification|Transport|Deputy|Vice|Former|Acting|First|Supreme|Chief|' +
    'Senior|Top|Assistant|Associate|State|Executive|Special|Attorney|Party|Opposition|Majority|Minority|Army|Navy|' +
    'Air|Police|Grand|General|Lieutenant|Major|Rear|Under|Federal|National|Presidential|Then|Incoming|Outgoing|' +
    'Interim|Elect|Democratic|Republican|Communist|Veteran|Late|Head|Managing|Co',
);

/** Nationality and group adjectives: never a place on their own ("Chinese", "North Korean", "Americans"). */
export const DEMONYMS: ReadonlySet<string> = (() => {
  const base = split(
    'Afghan|Albanian|Algerian|American|Angolan|Argentine|Argentinian|Armenian|Australian|Austrian|Azerbaijani|' +
      'Bangladeshi|Belarusian|Belgian|Bolivian|Bosnian|Brazilian|British|Briton|Bulgarian|Burmese|Cambodian|' +
      'Cameroonian|Canadian|Chilean|Chinese|Colombian|Congolese|Croatian|Croat|Cuban|Cypriot|Czech|Danish|Dane|Dutch|' +
      'Ecuadorian|Egyptian|English|Eritrean|Estonian|Ethiopian|Filipino|Finnish|Finn|French|Georgian|German|' +
      'Ghanaian|Greek|Guatemalan|Haitian|Honduran|Hungarian|Icelandic|Indian|Indonesian|Iranian|Iraqi|Irish|' +
      'Israeli|Italian|Ivorian|Jamaican|Japanese|Jordanian|Kazakh|Kenyan|Korean|Kosovar|Kuwaiti|Kyrgyz|Laotian|' +
      'Latvian|Lebanese|Liberian|Libyan|Lithuanian|Macedonian|Malaysian|Malian|Maltese|Mexican|Moldovan|Mongolian|' +
      'Montenegrin|Moroccan|Mozambican|Namibian|Nepali|Nepalese|Nicaraguan|Nigerian|Nigerien|Norwegian|Omani|' +
      'Pakistani|Palestinian|Panamanian|Paraguayan|Persian|Peruvian|Polish|Pole|Portuguese|Qatari|Romanian|Russian|' +
      'Rwandan|Salvadoran|Saudi|Scottish|Scot|Senegalese|Serbian|Serb|Singaporean|Slovak|Slovenian|Somali|' +
      'Spanish|Spaniard|Sri Lankan|Sudanese|Swedish|Swede|Swiss|Syrian|Taiwanese|Tajik|Tanzanian|Thai|Tibetan|' +
      'Tunisian|Turkish|Turk|Turkmen|Ugandan|Ukrainian|Uruguayan|Uzbek|Venezuelan|Vietnamese|Welsh|Yemeni|Zambian|' +
      'Zimbabwean|Kurdish|Kurd|Uighur|Uyghur|Arab|Arabian|Asian|African|European|Latin|Latino|Hispanic|Western|' +
      'Eastern|Nordic|Scandinavian|Baltic|Balkan|Slavic|Soviet|Yugoslav|Caribbean|Pacific|Atlantic|Mediterranean|' +
      'Muslim|Christian|Jewish|Jew|Islamic|Islamist|Catholic|Protestant|Orthodox|Buddhist|Hindu|Sikh|Shia|Shiite|' +
      'Sunni|Communist|Socialist|Marxist|Maoist|Democrat|Republican|Conservative|Liberal|Zionist|Sino|Anglo|Euro|' +
      'Pyongyang-based|Seoul-based|Beijing-based|Hong Konger|Emirati|Bahraini|Maori|Aboriginal|Inuit|Pashtun|Tamil|' +
      'Sinhalese|Hutu|Tutsi|Druze|Alawite|Coptic|Yazidi|Rohingya|Crimean|Chechen|Cossack|Bavarian|Catalan|Basque|' +
      'Corsican|Flemish|Walloon|Quebecois|Texan|Californian|Floridian|Midwestern|Londoner|Parisian|Muscovite',
  );
  const s = new Set<string>();
  for (const d of base) {
    const l = d.toLowerCase();
    s.add(l);
    if (/(an|i|ite|ist|er|ot|ic|ai|ese)$/.test(l) && !l.endsWith('ese')) s.add(l + 's');
  }
  for (const p of ['dane', 'finn', 'pole', 'swede', 'serb', 'croat', 'turk', 'kurd', 'jew', 'arab', 'briton', 'scot'])
    s.add(p + 's');
  return s;
})();

/** Direction words that prefix places and demonyms ("North Korean", "Southern Europe"). */
export const DIRECTIONS = lowerSet('North|South|East|West|Northern|Southern|Eastern|Western|Central|Northeast|' +
  'Northwest|Southeast|Southwest|Upper|Lower|Greater|Inner|Outer');

/** Month and weekday names (and short forms): never entities on their own. */
export const CALENDAR = lowerSet(
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|' +
    'Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Tue|Tues|Wed|Thu|Thur|' +
    'Thurs|Fri|Christmas|Easter|Ramadan|Eid|Hanukkah|Thanksgiving|Halloween|Lent',
);

/** Common given names (general knowledge, many cultures): a run starting with one is a person. */
export const FIRST_NAMES = lowerSet(
  'James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|' +
    'Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|' +
    'Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|' +
    'Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Jose|Adam|Nathan|Henry|Douglas|Zachary|Peter|Kyle|Walter|Ethan|Jeremy|' +
    'Harold|Keith|Christian|Roger|Noah|Gerald|Carl|Terry|Sean|Austin|Arthur|Lawrence|Jesse|Dylan|Bryan|Joe|Jordan|' +
    'Billy|Bruce|Albert|Willie|Gabriel|Logan|Alan|Juan|Wayne|Roy|Ralph|Randy|Eugene|Vincent|Russell|Louis|Philip|' +
    'Bobby|Johnny|Bradley|Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Nancy|Lisa|' +
    'Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Dorothy|Carol|Amanda|Melissa|Deborah|Stephanie|' +
    'Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Shirley|Angela|Helen|Anna|Brenda|Pamela|Nicole|Emma|Samantha|' +
    'Katherine|Christine|Debra|Rachel|Catherine|Carolyn|Janet|Ruth|Maria|Heather|Diane|Virginia|Julie|Joyce|' +
    'Victoria|Olivia|Kelly|Christina|Lauren|Joan|Evelyn|Judith|Megan|Cheryl|Andrea|Hannah|Martha|Jacqueline|' +
    'Frances|Gloria|Ann|Teresa|Theresa|Kathryn|Sara|Janice|Jean|Alice|Madison|Doris|Abigail|Julia|Judy|Grace|Denise|' +
    'Amber|Marilyn|Beverly|Danielle|Theresa|Sophia|Marie|Diana|Brittany|Natalie|Isabella|Charlotte|Rose|Alexis|' +
    'Kayla|Hillary|Barack|Bill|Boris|Vladimir|Emmanuel|Angela|Justin|Narendra|Recep|Benjamin|Mike|Nancy|Kamala|' +
    'Jim|Tom|Tony|Steve|Dave|Chris|Nick|Matt|Ben|Sam|Tim|Rob|Bob|Jon|Dan|Pete|Ted|Rick|Ron|Greg|Jeff|Ken|Jane|Kate|' +
    'Sue|Liz|Meg|Ed|Al|Ali|Mohammed|Mohammad|Muhammad|Mohamed|Ahmed|Ahmad|Hassan|Hussein|Omar|Abdul|Abdullah|Ibrahim|' +
    'Mahmoud|Mustafa|Yusuf|Khalid|Hamid|Reza|Javad|Fatima|Aisha|Leila|Vladimir|Sergei|Sergey|Dmitry|Dmitri|Alexei|' +
    'Alexey|Andrei|Andrey|Ivan|Igor|Mikhail|Nikolai|Yuri|Oleg|Viktor|Volodymyr|Olena|Natalia|Olga|Tatiana|Svetlana|' +
    'Pierre|Jean|Jacques|Francois|Nicolas|Marine|Philippe|Michel|Laurent|Olaf|Friedrich|Markus|Wolfgang|Helmut|' +
    'Gerhard|Hans|Karl|Klaus|Jurgen|Ursula|Giuseppe|Giorgia|Matteo|Mario|Silvio|Marco|Luigi|Carlos|Luis|Miguel|' +
    'Pedro|Pablo|Jorge|Javier|Alejandro|Manuel|Fernando|Luiz|Jair|Andres|Gustavo|Nicolas|Enrique|Ricardo|Diego|' +
    'Felipe|Rahul|Amit|Sanjay|Raj|Imran|Nawaz|Shehbaz|Jacinda|Scott|Malcolm|Kevin|Anthony|Rishi|Keir|Liz|Theresa|' +
    'Gordon|Tony|Margaret|Jeremy|Nigel|Emmanuel|Angela|Recep|Bashar|Hosni|Abdel|Salman|Mohammed|Joko|Rodrigo|' +
    'Ferdinand|Shinzo|Fumio|Yoshihide|Junichiro|Taro|Hiroshi|Takeshi|Kenji|Yuki|Haruki|Naoto|Yukio|Moon|Jae|Elon|' +
    'Jeff|Mark|Sundar|Satya|Tim|Sam|Warren|Jerome|Janet|Christine|Mario|Xavier|Lionel|Cristiano|Serena|Roger|Rafael|' +
    'Novak|Usain|Tiger|LeBron|Kobe|Shohei|Son|Ivanka|Melania|Rex|Mitch|Chuck|Lindsey|Ted|Marco|Bernie|Elizabeth|' +
    'Pete|Rudy|Dick|Newt|Al|Colin|Condoleezza|Madeleine|Henry|Antonio|Ban|Kofi|Boutros|Jens|Josep|Charles|Harry|' +
    'William|Meghan|Camilla|Diana|Elizabeth|Philip|Alex|Max|Leo|Lucas|Oliver|Jake|Luke|Marcus|Simon|Ian|Neil|Graham|' +
    'Colin|Stuart|Martin|Hugh|Owen|Rhys|Liam|Conor|Seamus|Niall|Fiona|Sophie|Lucy|Ellie|Chloe|Harriet|Jenny|Helena',
);

/** Common East Asian family names: a 2-3 token run starting with one ("Xi Jinping", "Song Tao") is a person. */
export const EAST_ASIAN_SURNAMES = lowerSet(
  'Kim|Lee|Park|Choi|Choe|Jung|Jeong|Chung|Kang|Cho|Jo|Yoon|Yun|Jang|Chang|Lim|Han|Shin|Seo|Suh|Kwon|Hwang|Ahn|An|' +
    'Song|Yoo|Yu|Hong|Jeon|Ko|Moon|Mun|Son|Bae|Baek|Heo|Nam|Ri|Rhee|Roh|Noh|Chun|Ryu|Ok|Pak|Kye|Hyon|Thae|' +
    'Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Lin|Gao|Luo|Zheng|Liang|Xie|Tang|Feng|' +
    'Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Pan|Yuan|Cai|Jiang|Du|Ye|Cheng|Wei|Su|Lu|Ding|Ren|Shen|Yao|Xi|Wen|Bo|Hua|Mao|' +
    'Qin|Fu|Fang|Kong|Meng|Qian|Gu|Hou|Tsai|Lai|Ho|Wong|Chan|Leung|Lam|Cheung|Tse|Yip|Ng|Tsang|' +
    'Abe|Suga|Kishida|Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|' +
    'Nguyen|Tran|Le|Pham|Hoang|Phan|Vu|Vo|Dang|Bui|Do|Ngo|Duong',
);

/** Acronyms that are not organizations (or are too ambiguous to tag as one). */
export const NON_ENTITY_ACRONYMS = new Set(
  split(
    'AI|CEO|CFO|CTO|COO|GDP|GNP|TV|PM|AM|OK|ID|DNA|RNA|COVID|HIV|AIDS|CO2|UFO|VIP|IPO|ETF|EV|EVs|ICBM|ICBMs|SLBM|' +
      'GMT|UTC|EST|EDT|PST|PDT|ET|PT|PDF|USB|GPS|FAQ|DIY|PR|HR|IT|CPI|PPI|PMI|VAT|LNG|LPG|NGO|NGOs|MP|MPs|MEP|MEPs|' +
      'PhD|MBA|IQ|IOU|RSVP|ASAP|FYI|TBA|TBD|NB|PS|AD|BC|BCE|CE|II|III|IV|VI|VII|VIII|IX|XI|XII|OF|THE|AND|IN|ON|TO|' +
      'A|I|AN|AT|BY|FOR|OR|IS|IT|NO|SO|UP|WE|US|OUR|HE|SHE|AS|BE|DO|GO|MY|ME|SAID|NEW|ALL|NOT|BUT|CAN|WHY|HOW|OUT|VS|' +
      'KM|KG|MW|GW|KW|MPH|RPM|LED|LCD|SUV|SUVs|ATM|PIN|SIM|URL|WWW|API|APP|CPU|GPU|RAM|SSD|AR|VR|XR|5G|4G|3G|NFT|' +
      'NFTs|ESG|ROI|EBIT|EBITDA|EPS|QE|FX|OTC|M&A|PC|PCs|OS|RSS|HTML|SMS|MRI|ICU|ER|UV|BMI|PTSD|ADHD|OCD|GOP|NHS',
  ),
);

/** Ordinary words often capitalized at a sentence start; with STOPWORDS they are not names there. */
export const COMMON_WORDS = lowerSet(
  'According|Following|After|Before|During|Despite|Although|Though|Because|Since|While|Meanwhile|However|Moreover|' +
    'Furthermore|Therefore|Thus|Hence|Instead|Indeed|Still|Yet|Also|Even|Only|Just|Now|Then|Today|Yesterday|' +
    'Tomorrow|Tonight|Earlier|Later|Last|Next|First|Second|Third|Finally|Overall|Separately|Additionally|Also|' +
    'Asked|Speaking|Writing|Asking|Adding|Noting|Citing|Under|Over|Amid|Among|Across|Along|Around|Beyond|Inside|' +
    'Outside|Within|Without|Against|Toward|Towards|Unlike|Like|Including|Excluding|Regarding|Concerning|Given|' +
    'Other|Others|Another|Some|Many|Most|Much|More|Few|Several|Both|Each|Every|All|Any|None|No|Neither|Either|Such|' +
    'This|That|These|Those|There|Here|Where|When|What|Which|Who|Whom|Whose|Why|How|It|Its|They|Them|Their|We|Our|' +
    'You|Your|He|His|She|Her|I|My|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Hundreds|Thousands|Millions|' +
    'Billions|Dozens|Officials|Authorities|Experts|Analysts|Critics|Police|Residents|People|Researchers|Scientists|' +
    'Lawmakers|Investors|Traders|Shares|Stocks|Prices|Sales|Profits|Markets|Oil|Gold|Sources|Witnesses|Voters|' +
    'Protesters|Troops|Soldiers|Rebels|Militants|Forces|Workers|Students|Teachers|Doctors|Patients|Children|Women|' +
    'Men|Families|Users|Customers|Companies|Firms|Banks|Governments|Leaders|Members|Fans|Players|Teams|Visitors|' +
    'Tourists|Citizens|Migrants|Refugees|Survivors|Victims|Prosecutors|Judges|Diplomats|Observers|Supporters|' +
    'Opponents|Democrats|Republicans|News|Reports|Report|Data|Figures|Results|Talks|Negotiations|Sanctions|Tensions|' +
    'Relations|Efforts|Plans|Hopes|Fears|Concerns|Questions|Details|Photos|Video|Images|Pictures|Footage|Satellite|' +
    'Reporting|Additional|Editing|Update|Updated|Breaking|Exclusive|Analysis|Opinion|Comment|Related|Read|Watch|' +
    'See|Click|Sign|Share|Subscribe|Follow|Contact|Please|Thank|Thanks|Yes|Well|Oh|So|Not|Never|Always|Often|' +
    'Sometimes|Perhaps|Maybe|Probably|Certainly|Clearly|Obviously|Unfortunately|Fortunately|Hopefully|Ultimately|' +
    'Initially|Eventually|Currently|Recently|Previously|Originally|Historically|Traditionally|Typically|Usually|' +
    'Generally|Specifically|Particularly|Especially|Notably|Similarly|Likewise|Otherwise|Nevertheless|Nonetheless|' +
    'Regardless|Consequently|Accordingly|Subsequently|Rather|Almost|Nearly|About|Approximately|Roughly|Some|' +
    'Shortly|Soon|Once|Twice|Again|Already|Back|Away|Far|Up|Down|Off|On|Out|In|At|By|For|From|Of|To|With|Into|' +
    'Onto|Upon|As|If|Unless|Until|Whether|Or|And|But|Nor|The|A|An|Let|Make|Take|Give|Keep|Get|Go|Come|Look|' +
    'Consider|Imagine|Remember|Note|Meet|Stop|Start|Try|Use|Find|Help|Show|Tell|Ask|Say|Think|Know|Want|Need|' +
    'Mission|Song|Life|Death|War|Peace|Power|Money|Time|Year|Years|Day|Days|Week|Weeks|Month|Months|Home|Work|' +
    'World|Nation|State|States|Country|City|Region|Area|Government|Party|President|Minister|Leader|Chief|Head|' +
    'Former|New|Old|Young|Big|Small|Large|Great|Good|Bad|Best|Worst|High|Low|Long|Short|Early|Late|Full|Top|Key|' +
    'Major|Minor|Senior|Junior|Local|National|International|Global|Foreign|Domestic|Public|Private|Official|Special|' +
    'General|Total|Average|Annual|Daily|Weekly|Monthly|Free|Open|Closed|Live|Dead|Real|True|False|Final|Full|Half|' +
    'Despite|Whatever|Whoever|Wherever|Whenever|Everyone|Everything|Someone|Something|Nobody|Nothing|Anyone|Anything',
);
