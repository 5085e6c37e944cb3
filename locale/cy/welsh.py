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
    "Bars: %(noun)s each month. Line: %(noun)s in the 12 months to each month, which smooths out the ups and downs between months.": "Barrau: %(noun)s bob mis. Llinell: %(noun)s yn y 12 mis hyd at bob mis, sy'n llyfnhau'r amrywiadau rhwng misoedd.",
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
}
