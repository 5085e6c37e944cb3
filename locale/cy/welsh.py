"""The Welsh (cy) translations of the pages board members read, as data: `make messages`
writes them into locale/cy/LC_MESSAGES/django.po after makemessages and compiles it. Edit
here (or in the .po with a translation tool, then copy back). Keys are the English messages."""

WELSH: dict[str, str | list[str]] = {
    # Filters
    "All sources": "Pob ffynhonnell",
    "Police recorded crime (data.police.uk)": "Troseddau a gofnodwyd gan yr heddlu (data.police.uk)",
    "Partnership data": "Data'r bartneriaeth",
    "Hospital A&E (ISTV)": "Adrannau brys ysbytai (ISTV)",
    "Neighbourhoods (LSOAs)": "Cymdogaethau (LSOAs)",
    "Wards": "Wardiau",
    "Number in 12 months": "Nifer mewn 12 mis",
    "Rate per resident population": "Cyfradd fesul poblogaeth breswyl",
    "Area": "Ardal",
    "12 months to": "12 mis hyd at",
    "Show": "Dangos",
    "%(count)s months": "%(count)s mis",
    "Source": "Ffynhonnell",
    "Map by": "Map yn ôl",
    "Colour by": "Lliw yn ôl",
    "Not one of the partnership's areas.": "Nid yw'n un o ardaloedd y bartneriaeth.",
    "Filters": "Hidlyddion",
    "Measure": "Mesur",
    "Latest month": "Y mis diweddaraf",
    "Apply": "Cymhwyso",
    "Reset": "Ailosod",
    # Headlines
    "the 12 months to %(month)s": "y 12 mis hyd at %(month)s",
    "no percentage change on %(base)s (there were none then)": "dim newid canrannol o gymharu â %(base)s (nid oedd dim bryd hynny)",
    "unchanged on %(base)s": "heb newid o gymharu â %(base)s",
    "up %(pct)s on %(base)s": "i fyny %(pct)s o gymharu â %(base)s",
    "down %(pct)s on %(base)s": "i lawr %(pct)s o gymharu â %(base)s",
    "(not comparable: some months have no data)": "(dim modd cymharu: nid oes data ar gyfer rhai misoedd)",
    "(not statistically significant)": "(nid yw'n arwyddocaol yn ystadegol)",
    "%(measure)s in %(area)s: fewer than %(threshold)s %(noun)s in %(period)s.": "%(measure)s yn %(area)s: llai na %(threshold)s o %(noun)s yn %(period)s.",
    "%(measure)s in %(area)s: the figure for %(period)s is not shown, so that a smaller "
    "number cannot be worked out from it.": "%(measure)s yn %(area)s: ni ddangosir y ffigur ar gyfer %(period)s, fel na ellir "
    "cyfrifo rhif llai ohono.",
    "%(measure)s in %(area)s: no figure for %(period)s (not enough months of data).": "%(measure)s yn %(area)s: dim ffigur ar gyfer %(period)s (dim digon o fisoedd o ddata).",
    "%(measure)s in %(area)s: %(count)s %(noun)s in %(period)s": "%(measure)s yn %(area)s: %(count)s o %(noun)s yn %(period)s",
    "the previous 12 months": "y 12 mis blaenorol",
    "two years earlier": "ddwy flynedd ynghynt",
    "the change on %(base)s is not shown (too few then to publish)": "ni ddangosir y newid o gymharu â %(base)s (rhy ychydig bryd hynny i'w gyhoeddi)",
    "%(first)s, %(second)s.": "%(first)s, %(second)s.",
    "%(first)s, %(second)s and %(third)s.": "%(first)s, %(second)s a %(third)s.",
    "per %(count)s residents under 25": "fesul %(count)s o breswylwyr dan 25 oed",
    "per %(count)s residents": "fesul %(count)s o breswylwyr",
    # Measures
    "Violence and sexual offences": "Trais a throseddau rhywiol",
    "offences": "droseddau",
    "Crimes police.uk records as “Violence and sexual offences” (all violence against the "
    "person and sexual offences).": "Troseddau a gofnodir gan police.uk fel “Trais a throseddau rhywiol” (pob trais yn "
    "erbyn y person a throseddau rhywiol).",
    "Possession of weapons": "Meddu ar arfau",
    "Crimes police.uk records as “Possession of weapons”. This is not knife crime: it counts "
    "carrying, not using, and includes weapons other than knives.": "Troseddau a gofnodir gan police.uk fel “Meddu ar arfau”. Nid troseddau cyllyll yw'r "
    "rhain: maent yn cyfrif cario, nid defnyddio, ac yn cynnwys arfau heblaw cyllyll.",
    "Robbery": "Lladrata",
    "Crimes police.uk records as “Robbery”.": "Troseddau a gofnodir gan police.uk fel “Lladrata”.",
    "Drug offences": "Troseddau cyffuriau",
    "Crimes police.uk records as “Drugs” (possession and supply).": "Troseddau a gofnodir gan police.uk fel “Cyffuriau” (meddu a chyflenwi).",
    "Serious violence": "Trais difrifol",
    "Incidents in the partnership's data that meet its serious violence definition (by "
    "default the Home Office's: homicide, and knife and gun crime in public places).": "Digwyddiadau yn nata'r bartneriaeth sy'n bodloni ei diffiniad o drais difrifol (yn "
    "ddiofyn, diffiniad y Swyddfa Gartref: dynladdiad, a throseddau cyllyll a gynnau "
    "mewn mannau cyhoeddus).",
    "Knife crime": "Troseddau cyllyll",
    "Offences where a knife or sharp instrument was used or threatened: homicide, attempted "
    "murder, threats to kill, assault with injury or intent to cause serious harm, robbery, "
    "rape and sexual assault (the ONS definition).": "Troseddau lle defnyddiwyd neu lle bygythiwyd cyllell neu offeryn miniog: dynladdiad, "
    "ceisio llofruddio, bygwth lladd, ymosod gan achosi anaf neu â'r bwriad o achosi "
    "niwed difrifol, lladrata, treisio ac ymosod yn rhywiol (diffiniad y SYG).",
    "Knife crime against under-25s": "Troseddau cyllyll yn erbyn pobl dan 25 oed",
    "Knife crime where the victim was under 25.": "Troseddau cyllyll lle'r oedd y dioddefwr dan 25 oed.",
    "Gun crime": "Troseddau gynnau",
    "Offences where a firearm was used, threatened or possessed.": "Troseddau lle defnyddiwyd, lle bygythiwyd neu lle'r oedd rhywun yn meddu ar ddryll.",
    "Homicide": "Dynladdiad",
    "homicides": "ddynladdiadau",
    "Murder, manslaughter and infanticide.": "Llofruddiaeth, dynladdiad a babanladdiad.",
    "Hospital attendances for knife assault": "Ymweliadau ag ysbytai yn dilyn ymosodiadau â chyllell",
    "attendances": "ymweliadau",
    "Emergency department attendances for assault with a knife or sharp object (hospital "
    "ISTV data; the A&E counterpart of ICD-10 X99).": "Ymweliadau ag adrannau brys yn dilyn ymosodiad â chyllell neu wrthrych miniog (data "
    "ISTV ysbytai; cyfatebiaeth adran frys ICD-10 X99).",
    # Overview, charts
    "Serious violence in %(area)s": "Trais difrifol yn %(area)s",
    "12-month totals in %(area)s, %(first)s to %(end)s": "Cyfansymiau 12 mis yn %(area)s, %(first)s i %(end)s",
    "The trend over 12-month periods": "Y duedd dros gyfnodau o 12 mis",
    "Each point is the number of %(noun)s in the 12 months to that month, so a rising line "
    "means the latest year is worse than the year before it.": "Mae pob pwynt yn dangos nifer y %(noun)s yn y 12 mis hyd at y mis hwnnw, felly mae "
    "llinell sy'n codi yn golygu bod y flwyddyn ddiweddaraf yn waeth na'r flwyddyn cyn hynny.",
    "%(strategy)s: actions by status": "%(strategy)s: camau gweithredu yn ôl statws",
    "Status": "Statws",
    "Actions": "Camau gweithredu",
    "Total": "Cyfanswm",
    "Strategy actions by status": "Camau gweithredu'r strategaeth yn ôl statws",
    "The %(count)s actions of the %(strategy)s by their latest status: on track (green), at "
    "risk (amber), off track (red), complete or not started.": "%(count)s cam gweithredu %(strategy)s yn ôl eu statws diweddaraf: ar y trywydd iawn "
    "(gwyrdd), mewn perygl (oren), oddi ar y trywydd (coch), wedi'u cwblhau neu heb "
    "ddechrau.",
    "Measures": "Mesurau",
    "Overview": "Trosolwg",
    "Map": "Map",
    "Board pack": "Pecyn y bwrdd",
    "Strategy": "Strategaeth",
    "Imports": "Mewnforion",
    "Data coverage": "Cwmpas y data",
    "Audit log": "Log archwilio",
    "Board member": "Aelod o'r bwrdd",
    "Analyst": "Dadansoddwr",
    "Coordinator": "Cydgysylltydd",
    "Admin": "Gweinyddwr",
    "Users and roles": "Defnyddwyr a rolau",
    # Errors and access
    "Not allowed": "Dim caniatâd",
    "You cannot open this page": "Ni allwch agor y dudalen hon",
    "none yet": "dim eto",
    "Your role (%(role)s) does not include it. If you need it for your work, ask an "
    "administrator of the partnership to change your role.": "Nid yw eich rôl (%(role)s) yn ei chynnwys. Os oes ei hangen arnoch ar gyfer eich "
    "gwaith, gofynnwch i weinyddwr y bartneriaeth newid eich rôl.",
    "Sign in first.": "Mewngofnodwch yn gyntaf.",
    "Back to the overview": "Yn ôl i'r trosolwg",
    "Not found": "Heb ei chanfod",
    "Page not found": "Ni chanfuwyd y dudalen",
    "There is nothing at this address. It may have moved, or the link may be mistyped.": "Nid oes dim yn y cyfeiriad hwn. Efallai ei fod wedi symud, neu fod camgymeriad yn y "
    "ddolen.",
    "Administration": "Gweinyddu",
    "The administration pages are for administrators": "Mae'r tudalennau gweinyddu ar gyfer gweinyddwyr",
    "You are signed in as %(name)s.": "Rydych wedi mewngofnodi fel %(name)s.",
    "Everything your role does is in the site itself: strategy actions, partners and board "
    'meetings are under <a href="%(strategy_url)s">Strategy</a>.': "Mae popeth y mae eich rôl yn ei wneud yn y wefan ei hun: mae camau gweithredu'r "
    "strategaeth, partneriaid a chyfarfodydd y bwrdd o dan <a "
    'href="%(strategy_url)s">Strategaeth</a>.',
    "Everything your role does is in the site itself.": "Mae popeth y mae eich rôl yn ei wneud yn y wefan ei hun.",
    # Site frame
    "Skip to content": "Neidio i'r cynnwys",
    "MK": "MK",
    "Serious Violence": "Trais Difrifol",
    "MK Together partnership": "Partneriaeth MK Together",
    "Main": "Prif",
    "Sign out": "Allgofnodi",
    "Synthetic demo data.": "Data arddangos synthetig.",
    "The partnership and hospital figures shown here are generated for demonstration; they "
    "are not real records. police.uk figures are real.": "Mae ffigurau'r bartneriaeth a'r ysbytai a ddangosir yma wedi'u creu i'w harddangos; "
    "nid cofnodion go iawn ydynt. Mae ffigurau police.uk yn rhai go iawn.",
    "mkviolence · open-source serious violence tracking for community safety partnerships. "
    "Contains public sector information licensed under the Open Government Licence v3.0.": "mkviolence · meddalwedd cod agored i olrhain trais difrifol ar gyfer partneriaethau "
    "diogelwch cymunedol. Yn cynnwys gwybodaeth y sector cyhoeddus a drwyddedir o dan y "
    "Drwydded Llywodraeth Agored v3.0.",
    # Charts
    "Chart as PNG": "Siart fel PNG",
    "Table as CSV": "Tabl fel CSV",
    "The table beside it holds the same figures.": "Mae'r tabl wrth ei ochr yn dal yr un ffigurau.",
    # Strategy on the overview and in the pack
    "Overdue actions": "Camau gweithredu hwyr",
    "Open actions past their due date, soonest due first": "Camau gweithredu agored sydd wedi pasio'u dyddiad cau, y cynharaf yn gyntaf",
    "Action": "Cam gweithredu",
    "Priority": "Blaenoriaeth",
    "Lead partner": "Partner arweiniol",
    "Due": "Dyddiad cau",
    "Progress": "Cynnydd",
    "No action is past its due date.": "Nid oes unrhyw gam gweithredu wedi pasio'i ddyddiad cau.",
    "The strategy since the board of %(held)s": "Y strategaeth ers bwrdd %(held)s",
    "The strategy": "Y strategaeth",
    "<strong>%(new)s</strong> new, <strong>%(completed)s</strong> completed, "
    "<strong>%(moved)s</strong> moved between statuses, <strong>%(due_moved)s</strong> with "
    "a new due date.": "<strong>%(new)s</strong> newydd, <strong>%(completed)s</strong> wedi'u cwblhau, "
    "<strong>%(moved)s</strong> wedi symud rhwng statws, <strong>%(due_moved)s</strong> "
    "â dyddiad cau newydd.",
    "Moved between statuses": "Wedi symud rhwng statws",
    "Off track": "Oddi ar y trywydd",
    "Slippage": "Llithriant",
    "%(a)s, due %(due)s": "%(a)s, erbyn %(due)s",
    "(overdue)": "(hwyr)",
    "Is the strategy on track?": "Ydy'r strategaeth ar y trywydd iawn?",
    "%(title)s: %(total)s action": [
        "%(title)s: %(total)s cam gweithredu",
        "%(title)s: %(total)s gam gweithredu",
        "%(title)s: %(total)s cam gweithredu",
        "%(title)s: %(total)s cham gweithredu",
    ],
    "%(overdue)s overdue": "%(overdue)s yn hwyr",
    # Board pack
    "← Overview": "← Trosolwg",
    "Print or save as PDF": "Argraffu neu gadw fel PDF",
    "Partnership board · serious violence": "Bwrdd y bartneriaeth · trais difrifol",
    "Figures for the 12 months to %(month)s, as of %(vintage)s.": "Ffigurau ar gyfer y 12 mis hyd at %(month)s, fel yr oeddent ar %(vintage)s.",
    "No figures yet.": "Dim ffigurau eto.",
    "Prepared %(today)s.": "Paratowyd %(today)s.",
    "Headlines": "Penawdau",
    "Key figures": "Ffigurau allweddol",
    "12 months": "12 mis",
    "12-month change": "Newid dros 12 mis",
    "Two-year change": "Newid dros ddwy flynedd",
    "Rate": "Cyfradd",
    "* not statistically significant: the change could easily be chance (exact test, 95%).": "* nid yw'n arwyddocaol yn ystadegol: gallai'r newid fod yn hap yn hawdd (prawf union, 95%).",
    "About these figures": "Am y ffigurau hyn",
    "Small counts are shown as “&lt;5” (“&lt;8” for hospital data); “[c]” marks a number "
    "hidden so that a small one cannot be worked out from the others, and a change is shown "
    "only when both counts it compares may be. A change on a base of zero is “n/a”. "
    "police.uk figures contain public sector information licensed under the Open Government "
    "Licence v3.0.": "Dangosir cyfrifon bach fel “&lt;5” (“&lt;8” ar gyfer data ysbytai); mae “[c]” yn "
    "nodi rhif a guddiwyd fel na ellir cyfrifo un bach o'r lleill, a dim ond pan ellir "
    "dangos y ddau gyfrif y mae'n eu cymharu y dangosir newid. Mae newid ar sail o sero "
    "yn “d/b”. Mae ffigurau police.uk yn cynnwys gwybodaeth y sector cyhoeddus a "
    "drwyddedir o dan y Drwydded Llywodraeth Agored v3.0.",
    "Partnership figures here are synthetic demo data.": "Data arddangos synthetig yw ffigurau'r bartneriaeth yma.",
    "%(measure)s: no figures yet for %(area)s.": "%(measure)s: dim ffigurau eto ar gyfer %(area)s.",
    # Map
    "Where: %(measure)s across %(area)s": "Ble: %(measure)s ar draws %(area)s",
    "Areas with fewer than 5 are grey, so that nobody can be identified.": "Mae ardaloedd â llai na 5 yn llwyd, fel na ellir adnabod neb.",
    "A ward is mapped by its neighbourhoods (LSOAs).": "Dangosir ward ar y map yn ôl ei chymdogaethau (LSOAs).",
    "No figures to map yet": "Dim ffigurau i'w mapio eto",
    "The map shows the 12 months to the latest month with figures, once data for this "
    "measure has been uploaded.": "Mae'r map yn dangos y 12 mis hyd at y mis diweddaraf sydd â ffigurau, unwaith y bydd "
    "data ar gyfer y mesur hwn wedi'i lanlwytho.",
    # Measure pages
    "%(measure)s in %(area)s": "%(measure)s yn %(area)s",
    "There are no figures for the month asked for; showing %(month)s, the latest month with "
    "figures.": "Nid oes ffigurau ar gyfer y mis y gofynnwyd amdano; yn dangos %(month)s, y mis "
    "diweddaraf sydd â ffigurau.",
    "In the 12 months to %(month)s": "Yn y 12 mis hyd at %(month)s",
    "significant": "arwyddocaol",
    "not significant": "ddim yn arwyddocaol",
    "95% range %(low)s% to %(high)s%": "ystod 95%: %(low)s% i %(high)s%",
    "Rate %(unit)s": "Cyfradd %(unit)s",
    "Among %(count)s peer areas": "Ymhlith %(count)s o ardaloedd tebyg",
    "%(rank)s fastest-growing": "%(rank)s yn tyfu gyflymaf",
    "by 12-month change": "yn ôl y newid dros 12 mis",
    "%(rank)s of %(count)s over two years": "%(rank)s o %(count)s dros ddwy flynedd",
    "Not comparable: some months in these periods have no data.": "Dim modd cymharu: nid oes data ar gyfer rhai misoedd yn y cyfnodau hyn.",
    "Data as of %(vintage)s. Counts from 1 to %(below)s are shown as “&lt;%(threshold)s”; "
    "“[c]” marks a number hidden so that a small one cannot be worked out from the others, "
    "and a change is shown only when both counts it compares may be.": "Data fel yr oedd ar %(vintage)s. Dangosir cyfrifon o 1 i %(below)s fel "
    "“&lt;%(threshold)s”; mae “[c]” yn nodi rhif a guddiwyd fel na ellir cyfrifo un bach "
    "o'r lleill, a dim ond pan ellir dangos y ddau gyfrif y mae'n eu cymharu y dangosir "
    "newid.",
    "No figures for %(measure)s in %(area)s yet": "Dim ffigurau ar gyfer %(measure)s yn %(area)s eto",
    "This measure is counted from %(source_label)s. Figures appear once such data has been "
    "uploaded and the figures recomputed.": "Cyfrifir y mesur hwn o %(source_label)s. Bydd ffigurau'n ymddangos unwaith y bydd data "
    "o'r fath wedi'i lanlwytho a'r ffigurau wedi'u hailgyfrifo.",
    'Upload it on the <a href="%(imports_url)s">Imports</a> page.': 'Lanlwythwch ef ar y dudalen <a href="%(imports_url)s">Mewnforion</a>.',
    "What each figure counts, where it comes from, and where it stands in %(area)s.": "Beth mae pob ffigur yn ei gyfrif, o ble y daw, a ble mae'n sefyll yn %(area)s.",
    "Rate shown %(rate)s.": "Dangosir y gyfradd %(rate)s.",
    "No measures for this source": "Dim mesurau ar gyfer y ffynhonnell hon",
    "Set-up needed": "Angen gosod",
    "Serious violence dashboards": "Dangosfyrddau trais difrifol",
    "No figures yet": "Dim ffigurau eto",
    "The partnership's areas and population are not loaded. An administrator runs "
    "<code>python manage.py load_reference_data</code> (<code>make run</code> does it); then "
    "an analyst can upload data.police.uk street-level files, the partnership incident "
    "template or a hospital extract.": "Nid yw ardaloedd a phoblogaeth y bartneriaeth wedi'u llwytho. Mae gweinyddwr yn "
    "rhedeg <code>python manage.py load_reference_data</code> (mae <code>make run</code> "
    "yn gwneud hyn); yna gall dadansoddwr lanlwytho ffeiliau lefel stryd data.police.uk, "
    "templed digwyddiadau'r bartneriaeth neu echdyniad ysbyty.",
    # Overview page
    "Where serious violence and knife crime stand, and whether they are rising or falling. "
    "Each figure is for the 12 months to the month shown.": "Ble mae trais difrifol a throseddau cyllyll yn sefyll, ac a ydynt yn codi neu'n "
    "gostwng. Mae pob ffigur ar gyfer y 12 mis hyd at y mis a ddangosir.",
    "Board pack (print or PDF)": "Pecyn y bwrdd (argraffu neu PDF)",
    "%(noun)s in the 12 months to %(month)s": "%(noun)s yn y 12 mis hyd at %(month)s",
    "Data as of %(vintage)s. Changes compare the 12 months to the month shown with the 12 "
    "months before, and with the same 12 months two years earlier; “not significant” means "
    "the change could easily be chance (exact test, 95%). Small counts are shown as "
    "“&lt;%(police)s” for police.uk data, “&lt;%(partnership)s” for partnership data and "
    "“&lt;%(hospital)s” for hospital data, to protect the people involved.": "Data fel yr oedd ar %(vintage)s. Mae'r newidiadau'n cymharu'r 12 mis hyd at y mis a "
    "ddangosir â'r 12 mis cyn hynny, ac â'r un 12 mis ddwy flynedd ynghynt; mae “ddim yn "
    "arwyddocaol” yn golygu y gallai'r newid fod yn hap yn hawdd (prawf union, 95%). "
    "Dangosir cyfrifon bach fel “&lt;%(police)s” ar gyfer data police.uk, "
    "“&lt;%(partnership)s” ar gyfer data'r bartneriaeth a “&lt;%(hospital)s” ar gyfer data "
    "ysbytai, i ddiogelu'r bobl dan sylw.",
    "Figures appear here once incident data has been loaded and the figures recomputed. An "
    "analyst can upload data.police.uk street-level files, the partnership incident template "
    "or a hospital extract.": "Bydd ffigurau'n ymddangos yma unwaith y bydd data digwyddiadau wedi'i lwytho a'r "
    "ffigurau wedi'u hailgyfrifo. Gall dadansoddwr lanlwytho ffeiliau lefel stryd "
    "data.police.uk, templed digwyddiadau'r bartneriaeth neu echdyniad ysbyty.",
    'Uploads are on the <a href="%(imports_url)s">Imports</a> page.': 'Mae\'r lanlwythiadau ar y dudalen <a href="%(imports_url)s">Mewnforion</a>.',
    # Access pages
    "No role yet": "Dim rôl eto",
    "Your account has no role yet": "Nid oes gan eich cyfrif rôl eto",
    "You are signed in as %(name)s, but an administrator of the partnership has not given you "
    "a role (board member, analyst, coordinator or admin), so there is nothing to show you yet.": "Rydych wedi mewngofnodi fel %(name)s, ond nid yw gweinyddwr y bartneriaeth wedi rhoi "
    "rôl i chi (aelod o'r bwrdd, dadansoddwr, cydgysylltydd neu weinyddwr), felly nid oes "
    "dim i'w ddangos i chi eto.",
    "Ask the partnership's administrator to give you the role your work needs, then sign in "
    "again.": "Gofynnwch i weinyddwr y bartneriaeth roi'r rôl sydd ei hangen ar gyfer eich gwaith, "
    "yna mewngofnodwch eto.",
    "Sign-in paused": "Mewngofnodi wedi'i atal",
    "Too many failed sign-ins": "Gormod o ymdrechion aflwyddiannus i fewngofnodi",
    "a few minutes": "ychydig funudau",
    "Signing in to this account from here is paused for %(wait)s after several wrong "
    "passwords. Other people can still sign in.": "Mae mewngofnodi i'r cyfrif hwn o'r fan hon wedi'i atal am %(wait)s ar ôl sawl "
    "cyfrinair anghywir. Gall pobl eraill fewngofnodi o hyd.",
    "If you have forgotten your password, ask the partnership's administrator to reset it.": "Os ydych wedi anghofio'ch cyfrinair, gofynnwch i weinyddwr y bartneriaeth ei ailosod.",
    "Back to sign in": "Yn ôl i fewngofnodi",
    "Sign in": "Mewngofnodi",
    "Serious violence and knife crime figures, and the strategy to reduce them, for the MK "
    "Together partnership.": "Ffigurau trais difrifol a throseddau cyllyll, a'r strategaeth i'w lleihau, ar gyfer "
    "partneriaeth MK Together.",
    "Your username and password did not match. Please try again.": "Nid oedd eich enw defnyddiwr a'ch cyfrinair yn cyfateb. Rhowch gynnig arall arni.",
    "Your account does not have access to that page.": "Nid oes gan eich cyfrif fynediad i'r dudalen honno.",
    "Username": "Enw defnyddiwr",
    "Password": "Cyfrinair",
    # Map and measure pages: charts and tables
    "Board pack: serious violence in %(area)s": "Pecyn y bwrdd: trais difrifol yn %(area)s",
    "Every number in this chart is too small to show, or would give a small one away: see the table.": "Mae pob rhif yn y siart hwn yn rhy fach i'w ddangos, neu byddai'n datgelu un bach: gweler y tabl.",
    "Map: %(measure)s": "Map: %(measure)s",
    "Ward": "Ward",
    "ward": "ward",
    "Neighbourhood (LSOA)": "Cymdogaeth (LSOA)",
    "neighbourhood": "cymdogaeth",
    "neighbourhood (LSOA)": "cymdogaeth (LSOA)",
    "%(measure)s by %(kind)s, 12 months to %(month)s": "%(measure)s yn ôl %(kind)s, 12 mis hyd at %(month)s",
    "Code": "Cod",
    "%(noun)s in 12 months": "%(noun)s mewn 12 mis",
    "%(count)s %(noun)s (not shown on the map)": "%(count)s o %(noun)s (heb eu dangos ar y map)",
    "%(measure)s by %(kind)s": "%(measure)s yn ôl %(kind)s",
    "Darker areas had more %(noun)s in the 12 months to %(month)s for their population.": "Roedd mwy o %(noun)s mewn ardaloedd tywyllach yn y 12 mis hyd at %(month)s o ystyried eu poblogaeth.",
    "Darker areas had more %(noun)s in the 12 months to %(month)s.": "Roedd mwy o %(noun)s mewn ardaloedd tywyllach yn y 12 mis hyd at %(month)s.",
    "Grey areas had fewer than %(threshold)s, no figures, or are hidden so that a smaller number cannot be worked out, so are not shown.": "Roedd gan ardaloedd llwyd lai na %(threshold)s, dim ffigurau, neu maent wedi'u cuddio fel na ellir cyfrifo rhif llai, felly ni ddangosir hwy.",
    "No boundaries are loaded for these areas.": "Nid oes ffiniau wedi'u llwytho ar gyfer yr ardaloedd hyn.",
    "Not known": "Anhysbys",
    "%(first)s to %(end)s": "%(first)s i %(end)s",
    "%(measure)s, month by month": "%(measure)s, fesul mis",
    "Month": "Mis",
    "%(noun)s in the month": "%(noun)s yn y mis",
    "In the 12 months to the month": "Yn y 12 mis hyd at y mis",
    "Month by month": "Fesul mis",
    "Bars: %(noun)s each month. Line: %(noun)s in the 12 months to each month, which smooths out the ups and downs between months. A gap means a month with no data, and no 12-month total for the 12 months that include it.": "Barrau: %(noun)s bob mis. Llinell: %(noun)s yn y 12 mis hyd at bob mis, sy'n llyfnhau'r amrywiadau rhwng misoedd. Mae bwlch yn golygu mis heb ddata, a dim cyfanswm 12 mis ar gyfer y 12 mis sy'n ei gynnwys.",
    "12 months to %(month)s": "12 mis hyd at %(month)s",
    "%(measure)s: each month against the same month in earlier years": "%(measure)s: pob mis o'i gymharu â'r un mis mewn blynyddoedd cynharach",
    "This year against earlier years": "Eleni o'i gymharu â blynyddoedd cynharach",
    "%(noun)s each month of the 12 months to %(month)s, against the same months a year (and two years) before.": "%(noun)s bob mis o'r 12 mis hyd at %(month)s, o'u cymharu â'r un misoedd flwyddyn (a dwy flynedd) ynghynt.",
    "Not shown for this period: its total would give away a number hidden elsewhere on this page. Choose 12, 24 or 36 months to the latest month, or a larger area.": "Ni ddangosir ar gyfer y cyfnod hwn: byddai ei gyfanswm yn datgelu rhif a guddiwyd mewn man arall ar y dudalen hon. Dewiswch 12, 24 neu 36 mis hyd at y mis diweddaraf, neu ardal fwy.",
    "Not recorded": "Heb ei gofnodi",
    "No %(noun)s in this period.": "Dim %(noun)s yn y cyfnod hwn.",
    "%(measure)s by offence type, %(period)s": "%(measure)s yn ôl math o drosedd, %(period)s",
    "Offence type": "Math o drosedd",
    "By offence type": "Yn ôl math o drosedd",
    "%(noun)s of each offence type, %(period)s.": "%(noun)s o bob math o drosedd, %(period)s.",
    "data.police.uk publishes each crime type as a whole: there is no finer offence type to break this measure down by.": "Mae data.police.uk yn cyhoeddi pob math o drosedd yn ei gyfanrwydd: nid oes math manylach o drosedd i rannu'r mesur hwn yn ei ôl.",
    "%(measure)s by the victim's age, %(period)s": "%(measure)s yn ôl oedran y dioddefwr, %(period)s",
    "Victim's age": "Oedran y dioddefwr",
    "People aged 16 to 24 are highlighted: the Serious Violence Duty's focus.": "Amlygir pobl 16 i 24 oed: ffocws y Ddyletswydd Trais Difrifol.",
    "By the victim's age": "Yn ôl oedran y dioddefwr",
    "%(noun)s by the age of the victim, %(period)s. Ages 16 to 24 are highlighted.": "%(noun)s yn ôl oedran y dioddefwr, %(period)s. Amlygir oedrannau 16 i 24.",
    "data.police.uk does not record the victim's age.": "Nid yw data.police.uk yn cofnodi oedran y dioddefwr.",
    "Change on previous 12 months": "Newid o gymharu â'r 12 mis blaenorol",
    "By ward": "Yn ôl ward",
    "By neighbourhood (LSOA)": "Yn ôl cymdogaeth (LSOA)",
    "%(noun)s in the 12 months to %(month)s in each %(kind)s.": "%(noun)s yn y 12 mis hyd at %(month)s ym mhob %(kind)s.",
    "Hospital extracts place attendances in the local authority only, not in a ward or neighbourhood, so they cannot be split by area.": "Mae echdyniadau ysbytai yn lleoli ymweliadau yn yr awdurdod lleol yn unig, nid mewn ward na chymdogaeth, felly ni ellir eu rhannu yn ôl ardal.",
    "This is the smallest area the figures are kept for.": "Dyma'r ardal leiaf y cedwir ffigurau ar ei chyfer.",
    "No %(noun)s in the 12 months to %(month)s.": "Dim %(noun)s yn y 12 mis hyd at %(month)s.",
    "Monthly counts are not shown for this area: too many are under {threshold}, and beside the 12-month totals they would give each other away.": "Ni ddangosir cyfrifon misol ar gyfer yr ardal hon: mae gormod ohonynt o dan {threshold}, ac ochr yn ochr â'r cyfansymiau 12 mis byddent yn datgelu ei gilydd.",
    # Action statuses (RAG), on the overview and in the board pack
    "Not started": "Heb ddechrau",
    "On track": "Ar y trywydd iawn",
    "At risk": "Mewn perygl",
    "Complete": "Wedi'i gwblhau",
    # Hot spots (issue 24)
    "Hot spots": "Mannau poeth",
    "Hot spots (Getis–Ord Gi*)": "Mannau poeth (Getis–Ord Gi*)",
    "Hot spot, 99% confidence": "Man poeth, hyder 99%",
    "Hot spot, 95% confidence": "Man poeth, hyder 95%",
    "Hot spot, 90% confidence": "Man poeth, hyder 90%",
    "Not significant": "Ddim yn arwyddocaol",
    "Cold spot, 90% confidence": "Man oer, hyder 90%",
    "Cold spot, 95% confidence": "Man oer, hyder 95%",
    "Cold spot, 99% confidence": "Man oer, hyder 99%",
    "Not shown": "Heb ei ddangos",
    "No class: too few incidents": "Dim dosbarth: rhy ychydig o ddigwyddiadau",
    "New hot spot": "Man poeth newydd",
    "Consecutive hot spot": "Man poeth olynol",
    "Intensifying hot spot": "Man poeth sy'n dwysáu",
    "Persistent hot spot": "Man poeth parhaus",
    "Diminishing hot spot": "Man poeth sy'n lleihau",
    "Sporadic hot spot": "Man poeth achlysurol",
    "Oscillating hot spot": "Man poeth sy'n pendilio",
    "Historical hot spot": "Man poeth hanesyddol",
    "New cold spot": "Man oer newydd",
    "Consecutive cold spot": "Man oer olynol",
    "Intensifying cold spot": "Man oer sy'n dwysáu",
    "Persistent cold spot": "Man oer parhaus",
    "Diminishing cold spot": "Man oer sy'n lleihau",
    "Sporadic cold spot": "Man oer achlysurol",
    "Oscillating cold spot": "Man oer sy'n pendilio",
    "Historical cold spot": "Man oer hanesyddol",
    "No pattern": "Dim patrwm",
    "A significant hot spot in the latest month, and never a significant hot spot before in the 24 months.": "Man poeth arwyddocaol yn y mis diweddaraf, ac nid oedd erioed yn fan poeth arwyddocaol cyn hynny yn y 24 mis.",
    "An unbroken run of at least two months as a significant hot spot, up to the latest month; never a hot spot before the run, and hot in fewer than 90% of the months.": "Cyfres ddi-dor o ddau fis o leiaf fel man poeth arwyddocaol, hyd at y mis diweddaraf; nid oedd erioed yn fan poeth cyn y gyfres, ac roedd yn boeth mewn llai na 90% o'r misoedd.",
    "A significant hot spot in at least 90% of the months, the latest included, and the clustering of high counts has grown stronger over time (a significant Mann–Kendall trend).": "Man poeth arwyddocaol mewn o leiaf 90% o'r misoedd, gan gynnwys yr un diweddaraf, ac mae clystyru cyfrifon uchel wedi cryfhau dros amser (tuedd Mann–Kendall arwyddocaol).",
    "A significant hot spot in at least 90% of the months, the latest included, with no significant trend in how strongly high counts cluster.": "Man poeth arwyddocaol mewn o leiaf 90% o'r misoedd, gan gynnwys yr un diweddaraf, heb duedd arwyddocaol o ran pa mor gryf y mae cyfrifon uchel yn clystyru.",
    "A significant hot spot in at least 90% of the months, the latest included, and the clustering has grown weaker over time (a significant Mann–Kendall trend).": "Man poeth arwyddocaol mewn o leiaf 90% o'r misoedd, gan gynnwys yr un diweddaraf, ac mae'r clystyru wedi gwanhau dros amser (tuedd Mann–Kendall arwyddocaol).",
    "A significant hot spot in the latest month that has been one on and off before; hot in fewer than 90% of the months and never a significant cold spot.": "Man poeth arwyddocaol yn y mis diweddaraf a fu'n un bob hyn a hyn o'r blaen; yn boeth mewn llai na 90% o'r misoedd a byth yn fan oer arwyddocaol.",
    "A significant hot spot in the latest month that has been a significant cold spot in an earlier month; hot in fewer than 90% of the months.": "Man poeth arwyddocaol yn y mis diweddaraf a fu'n fan oer arwyddocaol mewn mis cynharach; yn boeth mewn llai na 90% o'r misoedd.",
    "Not a hot spot in the latest month, but a significant hot spot in at least 90% of the months.": "Nid yw'n fan poeth yn y mis diweddaraf, ond bu'n fan poeth arwyddocaol mewn o leiaf 90% o'r misoedd.",
    "Hot spots: %(measure)s, 12 months to %(month)s": "Mannau poeth: %(measure)s, 12 mis hyd at %(month)s",
    "Hot or cold spot": "Man poeth neu oer",
    "How it is changing (24 months)": "Sut mae'n newid (24 mis)",
    "Neighbourhoods where %(noun)s in the 12 months to %(month)s clustered: each is compared with its neighbours and with the whole partnership. Warm colours are hot spots, cool colours cold spots; grey ones are not shown or had no class.": "Cymdogaethau lle roedd %(noun)s yn y 12 mis hyd at %(month)s yn clystyru: cymherir pob un â'i chymdogion a'r bartneriaeth gyfan. Lliwiau cynnes yw mannau poeth, lliwiau oer yw mannau oer; ni ddangosir y rhai llwyd neu nid oedd ganddynt ddosbarth.",
    "No neighbourhood is coloured: there is no stable result for this period.": "Nid oes lliw ar unrhyw gymdogaeth: nid oes canlyniad sefydlog ar gyfer y cyfnod hwn.",
    "Hot spots of %(measure)s in %(area)s": "Mannau poeth %(measure)s yn %(area)s",
    "No boundaries are loaded for these neighbourhoods.": "Nid oes ffiniau wedi'u llwytho ar gyfer y cymdogaethau hyn.",
    "How hot spots are changing, %(first)s to %(last)s": "Sut mae mannau poeth yn newid, %(first)s i %(last)s",
    "Pattern": "Patrwm",
    "Neighbourhoods": "Cymdogaethau",
    "What it means": "Beth mae'n ei olygu",
    "None of the patterns above.": "Dim un o'r patrymau uchod.",
    "%(count)s neighbourhoods are left out: their class is not shown.": "Gadewir %(count)s o gymdogaethau allan: ni ddangosir eu dosbarth.",
    "No emerging hot spots: the source does not cover every one of the 24 months (%(months)s missing).": "Dim mannau poeth sy'n dod i'r amlwg: nid yw'r ffynhonnell yn cwmpasu pob un o'r 24 mis (%(months)s ar goll).",
    "No emerging hot spots: each month needs at least %(minimum)s %(noun)s for its own hot spots, and %(months)s had fewer.": "Dim mannau poeth sy'n dod i'r amlwg: mae angen o leiaf %(minimum)s o %(noun)s ar bob mis ar gyfer ei fannau poeth ei hun, ac roedd llai yn %(months)s.",
    "No emerging hot spots for this period.": "Dim mannau poeth sy'n dod i'r amlwg ar gyfer y cyfnod hwn.",
    "neighbourhoods": "cymdogaethau",
    "How hot spots are changing": "Sut mae mannau poeth yn newid",
    "Each neighbourhood's hot-spot score month by month over %(first)s to %(last)s, summed up as ESRI's emerging hot-spot patterns: how many neighbourhoods show each.": "Sgôr man poeth pob cymdogaeth fis wrth fis o %(first)s i %(last)s, wedi'i chrynhoi fel patrymau mannau poeth sy'n dod i'r amlwg ESRI: faint o gymdogaethau sy'n dangos pob un.",
    "%(first)s to %(last)s, %(count)s months": "%(first)s i %(last)s, %(count)s mis",
    "A year earlier": "Flwyddyn ynghynt",
    "How concentrated %(noun)s are: share of neighbourhoods against share of %(noun)s": "Pa mor grynodedig yw %(noun)s: cyfran y cymdogaethau yn erbyn cyfran y %(noun)s",
    "Busiest neighbourhoods (share of all)": "Y cymdogaethau prysuraf (cyfran o'r cyfan)",
    "Too few %(noun)s to show how concentrated they are without giving small numbers away.": "Rhy ychydig o %(noun)s i ddangos pa mor grynodedig ydynt heb ddatgelu niferoedd bach.",
    "Share of neighbourhoods, busiest first": "Cyfran y cymdogaethau, y prysuraf yn gyntaf",
    "Share of %(noun)s": "Cyfran y %(noun)s",
    "If every neighbourhood had as many": "Pe bai gan bob cymdogaeth yr un nifer",
    "Shares are rounded to the nearest %(step)s% so that no small number can be worked out from them.": "Talgrynnir y cyfrannau i'r %(step)s% agosaf fel na ellir cyfrifo unrhyw rif bach ohonynt.",
    "How concentrated %(noun)s are": "Pa mor grynodedig yw %(noun)s",
    "The line shows what share of all %(noun)s the busiest neighbourhoods held. The further it bows above the dotted line, the more a few places hold most of them.": "Mae'r llinell yn dangos pa gyfran o'r holl %(noun)s a oedd yn y cymdogaethau prysuraf. Po fwyaf y mae'n plygu uwchben y llinell ddotiog, y mwyaf y mae ychydig o leoedd yn dal y rhan fwyaf ohonynt.",
    "There are no figures for this measure yet.": "Nid oes ffigurau ar gyfer y mesur hwn eto.",
    "The hot spots for this period are being worked out. Reload the page in a minute.": "Mae'r mannau poeth ar gyfer y cyfnod hwn yn cael eu cyfrifo. Ail-lwythwch y dudalen ymhen munud.",
    "No hot spots: the source does not cover %(months)s, so this period has no total and no hot spots either.": "Dim mannau poeth: nid yw'r ffynhonnell yn cwmpasu %(months)s, felly nid oes cyfanswm na mannau poeth ar gyfer y cyfnod hwn.",
    "Too few %(noun)s for a stable result: %(count)s in %(places)s neighbourhoods. Hot spots need at least %(minimum)s (one a neighbourhood on average, and at least %(floor)s), so the map is not coloured.": "Rhy ychydig o %(noun)s ar gyfer canlyniad sefydlog: %(count)s mewn %(places)s o gymdogaethau. Mae angen o leiaf %(minimum)s ar gyfer mannau poeth (un i bob cymdogaeth ar gyfartaledd, ac o leiaf %(floor)s), felly nid oes lliw ar y map.",
    "This measure has no figures for neighbourhoods (LSOAs), so it has no hot spots.": "Nid oes gan y mesur hwn ffigurau ar gyfer cymdogaethau (LSOAs), felly nid oes ganddo fannau poeth.",
    "The hot spots for this period could not be worked out; the worker's log says why.": "Nid oedd modd cyfrifo'r mannau poeth ar gyfer y cyfnod hwn; mae log y gweithiwr yn dweud pam.",
    "Hot spots: %(measure)s": "Mannau poeth: %(measure)s",
    "Are this action's places hot spots now?": "A yw lleoedd y cam gweithredu hwn yn fannau poeth nawr?",
    "Place": "Lle",
    "Now": "Nawr",
    "How it is changing": "Sut mae'n newid",
    "%(hot)s of %(all)s neighbourhoods are hot spots": "Mae %(hot)s o %(all)s o gymdogaethau yn fannau poeth",
    "(%(count)s not shown)": "(%(count)s heb eu dangos)",
    "Hot spots of this action's places": "Mannau poeth lleoedd y cam gweithredu hwn",
    "Each place's hot-spot class for the latest 12 months, measure by measure.": "Dosbarth man poeth pob lle ar gyfer y 12 mis diweddaraf, fesul mesur.",
    "Only hot and cold spots are listed; every other neighbourhood was not significant or is not shown so that a small number cannot be worked out. The hot-spot page lists them all.": "Dim ond mannau poeth ac oer a restrir; nid oedd pob cymdogaeth arall yn arwyddocaol neu ni ddangosir hi fel na ellir cyfrifo rhif bach. Mae'r dudalen mannau poeth yn eu rhestru i gyd.",
    "No hot spots to report for the latest 12 months.": "Dim mannau poeth i'w hadrodd ar gyfer y 12 mis diweddaraf.",
    "Key": "Allwedd",
    "Press a class to pick out its neighbourhoods on the map; press it again to show them all.": "Pwyswch ddosbarth i amlygu ei gymdogaethau ar y map; pwyswch eto i ddangos y cyfan.",
    "%(places)s neighbourhood": [
        "%(places)s cymdogaeth",
        "%(places)s gymdogaeth",
        "%(places)s cymdogaeth",
        "%(places)s chymdogaeth",
    ],
    "The map picks out:": "Mae'r map yn amlygu:",
    "The map shows every class.": "Mae'r map yn dangos pob dosbarth.",
    "Hot spots for the 12 months to %(month)s.": "Mannau poeth ar gyfer y 12 mis hyd at %(month)s.",
    "All hot spots": "Pob man poeth",
    "This action names no places.": "Nid yw'r cam gweithredu hwn yn enwi unrhyw leoedd.",
    "Hot spots: %(measure)s in %(area)s": "Mannau poeth: %(measure)s yn %(area)s",
    "Which neighbourhoods had significantly more than their surroundings, which of those are new, growing or fading, and how few places hold most of the incidents.": "Pa gymdogaethau a gafodd lawer mwy na'u hamgylchoedd, pa rai o'r rheini sy'n newydd, yn tyfu neu'n pylu, a pha mor ychydig o leoedd sy'n dal y rhan fwyaf o'r digwyddiadau.",
    "Period: %(first)s to %(last)s.": "Cyfnod: %(first)s i %(last)s.",
    "Hot spots are worked out over the whole partnership; the table lists the neighbourhoods of the area chosen.": "Cyfrifir mannau poeth dros y bartneriaeth gyfan; mae'r tabl yn rhestru cymdogaethau'r ardal a ddewiswyd.",
    "How concentrated": "Pa mor grynodedig",
    "Half of the %(noun)s were in %(share)s% of neighbourhoods (%(count)s of %(places)s).": "Roedd hanner y %(noun)s mewn %(share)s% o'r cymdogaethau (%(count)s o %(places)s).",
    "A year earlier: %(share)s%.": "Flwyddyn ynghynt: %(share)s%.",
    "The share of neighbourhoods holding half the incidents is not shown: it would bound a number that is hidden.": "Ni ddangosir cyfran y cymdogaethau sy'n dal hanner y digwyddiadau: byddai'n cyfyngu ar rif sydd wedi'i guddio.",
    "Gini coefficient %(gini)s": "Cyfernod Gini %(gini)s",
    "; a year earlier %(gini)s": "; flwyddyn ynghynt %(gini)s",
    "0 would mean every neighbourhood had as many; 1 that one had them all.": "Byddai 0 yn golygu bod gan bob cymdogaeth yr un nifer; 1 bod gan un y cyfan.",
    "Hot spots as GeoJSON (for a GIS)": "Mannau poeth fel GeoJSON (ar gyfer GIS)",
    "%(count)s neighbourhood's class is not shown: its count, or a neighbour's, is hidden so that a small number cannot be worked out, and the class could give it away.": [
        "Ni ddangosir dosbarth %(count)s gymdogaeth: mae ei chyfrif, neu gyfrif cymydog, wedi'i guddio fel na ellir cyfrifo rhif bach, a gallai'r dosbarth ei ddatgelu.",
        "Ni ddangosir dosbarthiadau %(count)s gymdogaeth: mae eu cyfrifon, neu gyfrifon eu cymdogion, wedi'u cuddio fel na ellir cyfrifo rhif bach, a gallai dosbarth ddatgelu un.",
        "Ni ddangosir dosbarthiadau %(count)s o gymdogaethau: mae eu cyfrifon, neu gyfrifon eu cymdogion, wedi'u cuddio fel na ellir cyfrifo rhif bach, a gallai dosbarth ddatgelu un.",
        "Ni ddangosir dosbarthiadau %(count)s o gymdogaethau: mae eu cyfrifon, neu gyfrifon eu cymdogion, wedi'u cuddio fel na ellir cyfrifo rhif bach, a gallai dosbarth ddatgelu un.",
    ],
    "No hot spots yet": "Dim mannau poeth eto",
    "Hot spots appear once data for this measure has been uploaded and the figures recomputed.": "Bydd mannau poeth yn ymddangos unwaith y bydd data ar gyfer y mesur hwn wedi'u llwytho i fyny a'r ffigurau wedi'u hailgyfrifo.",
    "What a hot spot means, and what it does not": "Beth mae man poeth yn ei olygu, a beth nad yw'n ei olygu",
    "A hot spot is a neighbourhood (LSOA) that, together with the neighbourhoods around it, had more incidents than the partnership as a whole would lead you to expect: more than chance easily explains. A cold spot had fewer.": "Mae man poeth yn gymdogaeth (LSOA) a gafodd, ynghyd â'r cymdogaethau o'i chwmpas, fwy o ddigwyddiadau nag y byddai'r bartneriaeth gyfan yn peri i chi eu disgwyl: mwy nag y gall siawns ei esbonio'n hawdd. Cafodd man oer lai.",
    "It is relative: compared with its surroundings and with the partnership, not with anywhere else, and not a judgement of any one street.": "Mae'n gymharol: o'i gymharu â'i amgylchoedd a'r bartneriaeth, nid ag unrhyw le arall, ac nid yw'n farn am unrhyw stryd unigol.",
    "It is not a prediction. It describes the period shown; the patterns below show how it has been changing, not what will happen.": "Nid yw'n rhagfynegiad. Mae'n disgrifio'r cyfnod a ddangosir; mae'r patrymau isod yn dangos sut mae wedi bod yn newid, nid beth fydd yn digwydd.",
    "It counts incidents, not people: a busy town centre with many visitors can be a hot spot with few residents. The counts are not adjusted for population or footfall.": "Mae'n cyfrif digwyddiadau, nid pobl: gall canol tref prysur gyda llawer o ymwelwyr fod yn fan poeth heb lawer o drigolion. Nid yw'r cyfrifon wedi'u haddasu ar gyfer poblogaeth na nifer yr ymwelwyr.",
    "With few incidents, or few neighbourhoods, no result is stable: the page then says so and colours nothing.": "Gydag ychydig o ddigwyddiadau, neu ychydig o gymdogaethau, nid oes canlyniad sefydlog: mae'r dudalen yn dweud hynny wedyn ac nid yw'n lliwio dim.",
    "How it is worked out": "Sut y caiff ei gyfrifo",
    "The Getis–Ord Gi* statistic of each neighbourhood's count over the period, with the neighbourhood itself and every neighbourhood whose boundary touches, overlaps or lies within 5 metres of it (measured on the British National Grid), all weighted equally. Its significance comes from 999 random reshuffles of the other neighbourhoods' counts around each one (conditional permutations, with a fixed seed so that the page is the same each time), corrected for testing many neighbourhoods at once (the Benjamini–Hochberg false discovery rate). A class at 99% confidence has a corrected p-value of at most 0.01; 95%, 0.05; 90%, 0.10. Computed with the open-source PySAL libraries (esda, libpysal).": "Ystadegyn Getis–Ord Gi* cyfrif pob cymdogaeth dros y cyfnod, gyda'r gymdogaeth ei hun a phob cymdogaeth y mae ei ffin yn cyffwrdd â hi, yn gorgyffwrdd â hi neu o fewn 5 metr iddi (wedi'i fesur ar Grid Cenedlaethol Prydain), i gyd â'r un pwysau. Daw ei arwyddocâd o 999 o ad-drefniadau ar hap o gyfrifon y cymdogaethau eraill o amgylch pob un (trynewidiadau amodol, gyda hedyn sefydlog fel bod y dudalen yr un fath bob tro), wedi'i gywiro ar gyfer profi llawer o gymdogaethau ar unwaith (cyfradd darganfyddiadau ffug Benjamini–Hochberg). Mae gan ddosbarth â hyder 99% werth-p wedi'i gywiro o 0.01 ar y mwyaf; 95%, 0.05; 90%, 0.10. Wedi'i gyfrifo gyda llyfrgelloedd cod agored PySAL (esda, libpysal).",
    "A period with a month the source does not cover has no hot spots, as it has no 12-month total. Neighbourhoods of the 2021 census count inside the 2011 neighbourhood they lie in, as the figures do.": "Nid oes mannau poeth gan gyfnod sy'n cynnwys mis nad yw'r ffynhonnell yn ei gwmpasu, gan nad oes ganddo gyfanswm 12 mis. Mae cymdogaethau cyfrifiad 2021 yn cyfrif o fewn y gymdogaeth 2011 y maent ynddi, fel y mae'r ffigurau'n ei wneud.",
    "Glossary: how hot spots change": "Geirfa: sut mae mannau poeth yn newid",
    "Emerging hot spots follow the definitions of ESRI's Emerging Hot Spot Analysis (ArcGIS). Each of the last 24 months gets its own Gi* score per neighbourhood; a month counts as a hot (or cold) spot at 95% confidence after the same correction, using the normal approximation as ESRI's tool does; and a Mann–Kendall test says whether a neighbourhood's scores have a significant trend (at 5%). “Most of the time” is at least 90% of the months.": "Mae mannau poeth sy'n dod i'r amlwg yn dilyn diffiniadau Emerging Hot Spot Analysis ESRI (ArcGIS). Mae pob un o'r 24 mis diwethaf yn cael ei sgôr Gi* ei hun ar gyfer pob cymdogaeth; mae mis yn cyfrif fel man poeth (neu oer) â hyder 95% ar ôl yr un cywiriad, gan ddefnyddio'r brasamcan normal fel y mae offeryn ESRI yn ei wneud; ac mae prawf Mann–Kendall yn dweud a oes tuedd arwyddocaol yn sgoriau cymdogaeth (ar 5%). Mae “y rhan fwyaf o'r amser” yn o leiaf 90% o'r misoedd.",
    "Cold spots": "Mannau oer",
    "The same patterns for neighbourhoods with significantly fewer incidents than expected: new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating and historical cold spots.": "Yr un patrymau ar gyfer cymdogaethau â llawer llai o ddigwyddiadau na'r disgwyl: mannau oer newydd, olynol, sy'n dwysáu, parhaus, sy'n lleihau, achlysurol, sy'n pendilio a hanesyddol.",
    "None of these patterns.": "Dim un o'r patrymau hyn.",
    "Concentration curve and Gini coefficient": "Cromlin crynodiad a chyfernod Gini",
    "Neighbourhoods are ranked from the busiest; the curve shows what share of all incidents the busiest given share of neighbourhoods held. The Gini coefficient sums it up: 0 if every neighbourhood had as many, near 1 if one had nearly all.": "Rhestrir y cymdogaethau o'r prysuraf; mae'r gromlin yn dangos pa gyfran o'r holl ddigwyddiadau a oedd gan gyfran benodol o'r cymdogaethau prysuraf. Mae cyfernod Gini yn ei grynhoi: 0 pe bai gan bob cymdogaeth yr un nifer, yn agos at 1 pe bai gan un bron y cyfan.",
    "Hot spots are neighbourhoods that, with their neighbours, had significantly more than the partnership as a whole; cold spots significantly fewer. They are shown by neighbourhood (LSOA).": "Mae mannau poeth yn gymdogaethau a gafodd, gyda'u cymdogion, lawer mwy na'r bartneriaeth gyfan; cafodd mannau oer lawer llai. Fe'u dangosir fesul cymdogaeth (LSOA).",
    "What hot spots mean, how they are changing, and how concentrated incidents are": "Beth mae mannau poeth yn ei olygu, sut maen nhw'n newid, a pha mor grynodedig yw digwyddiadau",
    # Months without data, and where each figure comes from
    "%(first)s to %(last)s": "%(first)s i %(last)s",
    "%(some)s and %(last)s": "%(some)s a %(last)s",
    "no data for %(months)s": "dim data ar gyfer %(months)s",
    "no change on %(base)s can be given (%(why)s)": "ni ellir rhoi newid o gymharu â %(base)s (%(why)s)",
    "%(measure)s in %(area)s: no figure for %(period)s (%(why)s).": "%(measure)s yn %(area)s: dim ffigur ar gyfer %(period)s (%(why)s).",
    "data.police.uk street-level crime": "troseddau ar lefel stryd data.police.uk",
    "the partnership's incident data": "data digwyddiadau'r bartneriaeth",
    "hospital A&E attendances (ISTV extracts)": "ymweliadau ag adrannau brys ysbytai (darnau ISTV)",
    "Source: %(source)s, data to %(month)s.": "Ffynhonnell: %(source)s, data hyd at %(month)s.",
    "Source: %(source)s, data to %(month)s, imported %(imported)s.": "Ffynhonnell: %(source)s, data hyd at %(month)s, mewnforiwyd %(imported)s.",
    "no figure (%(why)s)": "dim ffigur (%(why)s)",
    "No figure: %(why)s": "Dim ffigur: %(why)s",
    "No figure for the 12 months to %(month)s: %(why)s": "Dim ffigur ar gyfer y 12 mis hyd at %(month)s: %(why)s",
    "Hot spots are worked out for the whole of %(partnership)s: its board pack shows them.": "Cyfrifir mannau poeth ar gyfer %(partnership)s gyfan: mae ei becyn bwrdd yn eu dangos.",
    "No hot spots to report here.": "Dim mannau poeth i'w hadrodd yma.",
    "Alerts": "Rhybuddion",
}
