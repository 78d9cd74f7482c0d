"""Label descriptions for zero-shot scoring: what each label is about, in a few European languages.

Each label's prototype is the mean of its descriptions' vectors. Descriptions say what an initiative
about the label does (not just the label's name): the item vectors are of initiatives, and e5 matches
like with like. Several languages make the prototype less English-centred; e5 is cross-lingual, so
other languages still work.
"""

from __future__ import annotations

DESCRIPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "general_issues": {
        "agriculture": (
            "farming, agriculture, forestry, fishing and mining",
            "farmers, rural land use, food production and fisheries",
            "jordbruk, skogsbruk och fiske; Landwirtschaft, Forstwirtschaft und Fischerei",
            "agriculture, pêche et forêts; rolnictwo, leśnictwo i rybołówstwo",
        ),
        "arts": (
            "arts, culture, heritage, sport and recreation",
            "artists, museums, theatre, music, festivals and creative cultural events",
            "kultur, konst och fritid; Kunst, Kultur und Freizeit; culture, arts et loisirs; kultura i sztuka",
        ),
        "business": (
            "business, companies, entrepreneurs and start-ups",
            "private sector firms, enterprises, social businesses and commerce",
            "företag och näringsliv; Unternehmen und Wirtschaft; entreprises; przedsiębiorstwa i biznes",
        ),
        "economics": (
            "economy, public budget, public finance, spending, taxes and funds",
            "how public money is allocated, budgets, fiscal transparency and economic development",
            "budget och ekonomi; Haushalt und Finanzen; budget et finances publiques; budżet i finanse publiczne",
        ),
        "education": (
            "education, schools, teaching, training and learning",
            "students, teachers, universities, civic education and courses",
            "utbildning och skola; Bildung und Schule; éducation et école; edukacja i szkoła",
        ),
        "energy": (
            "energy, electricity, renewable power, fuel and energy transition",
            "solar, wind, energy efficiency and energy cooperatives",
            "energi; Energie und Energiewende; énergie; energia i odnawialne źródła energii",
        ),
        "environment": (
            "environment, nature, climate change, biodiversity, green spaces and pollution",
            "sustainability, trees, parks, waste, recycling and conservation of ecosystems",
            "miljö och klimat; Umwelt und Klima; environnement et climat; środowisko i klimat",
        ),
        "governance": (
            "governance and political institutions, democracy, local government and decision-making",
            "citizen participation in public decisions, transparency, accountability and anti-corruption",
            "demokrati och kommunal styrning; Demokratie und Kommunalpolitik; démocratie et gouvernance locale",
            "demokracja i samorząd; democracia y gobierno local",
        ),
        "health": (
            "health, healthcare, hospitals, medicine, pandemics and public health",
            "patients, doctors, mental health, COVID-19 and disease",
            "hälsa och sjukvård; Gesundheit und Pflege; santé et hôpitaux; zdrowie i opieka zdrowotna",
        ),
        "housing": (
            "housing, homes, rent, residential buildings and homelessness",
            "renovation of dwellings, tenants, displacement of residents and affordable housing",
            "bostäder; Wohnen und Mieten; logement; mieszkalnictwo",
        ),
        "human": (
            "human rights and civil rights, freedom of expression, equality and discrimination",
            "hate speech, dignity, justice and protection of rights",
            "mänskliga rättigheter; Menschenrechte; droits de l'homme; prawa człowieka",
        ),
        "identity": (
            "identity and diversity, gender equality, women, minorities and inclusion",
            "gender, ethnicity, LGBT people and representation of diverse groups",
            "jämställdhet och mångfald; Gleichstellung und Vielfalt; égalité et diversité; równość płci",
        ),
        "immigration": (
            "immigration and migration, migrants, refugees and asylum",
            "integration of newcomers and foreigners into society",
            "invandring och integration; Migration und Integration; immigration et intégration; migracja",
        ),
        "international": (
            "international affairs, cooperation between countries, international partnerships",
            "development cooperation, foreign relations, twin cities and international projects",
            "internationellt samarbete; internationale Zusammenarbeit; coopération internationale",
            "współpraca międzynarodowa",
        ),
        "labor": (
            "labour and work, jobs, employment, employers, workers and unemployment",
            "the labour market, careers, young professionals and trade unions",
            "arbete och sysselsättning; Arbeit und Beschäftigung; travail et emploi; praca i zatrudnienie",
        ),
        "law": (
            "law enforcement, criminal justice, police, courts and corrections",
            "legislation, laws and legal reform, crime and corruption",
            "lag och rätt; Recht und Justiz; droit et justice; prawo i wymiar sprawiedliwości",
        ),
        "media": (
            "media, journalism, telecommunications, information and the internet",
            "social media, online platforms, news, misinformation and digital communication",
            "medier och information; Medien und Information; médias et information; media i informacja",
        ),
        "national": (
            "national security, defence, military, terrorism and war",
            "armed forces, border security and emergency preparedness",
            "nationell säkerhet och försvar; nationale Sicherheit; sécurité nationale; bezpieczeństwo narodowe",
        ),
        "planning": (
            "urban planning and development, city development, public spaces and infrastructure",
            "land use, regeneration of neighbourhoods, city centres and sustainable urban development",
            "stadsplanering och stadsutveckling; Stadtplanung; urbanisme; planowanie przestrzenne",
        ),
        "science": (
            "science and technology, research, innovation and digital tools",
            "algorithms, artificial intelligence, data, software, hackathons and apps",
            "vetenskap och teknik; Wissenschaft und Technologie; science et technologie; nauka i technologia",
        ),
        "social": (
            "social welfare, social services, poverty, social inclusion and community support",
            "care for vulnerable people, children and young people, the elderly and families",
            "social välfärd; Sozialhilfe und soziale Dienste; aide sociale; pomoc społeczna",
        ),
        "transportation": (
            "transportation, public transport, traffic, roads, cycling and mobility",
            "buses, trains, streets, parking and commuting",
            "kollektivtrafik; Verkehr und Mobilität; transports; transport publiczny",
        ),
    },
    "method_types": {
        "collaborative": (
            "collaborative approach where government, organisations and citizens work together on a problem",
            "multi-stakeholder collaboration and partnership",
        ),
        "community": (
            "community development, organizing and mobilization of residents",
            "grassroots community organising to improve a neighbourhood",
        ),
        "deliberative": (
            "deliberative and dialogic process: citizens deliberate, discuss and weigh options before deciding",
            "citizens' assembly, citizens' jury, deliberative poll, consensus conference or citizens' panel",
            "medborgarråd; Bürgerrat; panel obywatelski; assemblée citoyenne; asamblea ciudadana",
        ),
        "direct": (
            "direct democracy: referendum, citizens' initiative or popular vote",
            "folkomröstning; Volksabstimmung; référendum; referendum",
        ),
        "evaluation": (
            "evaluation, oversight and social auditing of government",
            "citizens monitor public spending and services",
        ),
        "experiential": ("experiential and immersive education, games and simulations",),
        "informal": ("informal conversation spaces, cafés and meetups for dialogue",),
        "informal_participation": ("informal participation outside official channels",),
        "internal": ("internal organizational processes inside an institution or party",),
        "longterm": ("long-term civic bodies such as permanent councils and committees",),
        "participantled": ("participant-led meetings such as open space and world café",),
        "participatory": ("participatory arts, theatre, photography and storytelling",),
        "planning": (
            "participatory planning, visioning and urban design with residents",
            "community planning of land use and development",
        ),
        "protest": ("protest, demonstrations, marches and civil disobedience",),
        "public": (
            "participatory budgeting: residents decide how to spend part of a public budget",
            "medborgarbudget; Bürgerhaushalt; budget participatif; budżet obywatelski",
        ),
        "public_meetings": ("public meetings, town hall meetings and public hearings",),
        "research": ("research or experimental method, surveys and studies",),
    },
    "approaches": {
        "advocacy": ("advocacy and campaigning to change policy",),
        "citizenship": ("citizenship building: civic education and empowering citizens",),
        "civil": ("building or strengthening civil society and associations",),
        "cogovernance": ("co-governance: citizens share decision-making power with government",),
        "coproduction": ("co-production of public services in partnership with organisations",),
        "coproduction_form": ("co-production in the form of a contract or partnership with NGOs or firms",),
        "consultation": ("consultation: government asks citizens for their views and input",),
        "direct": ("direct decision-making by citizens, such as a binding vote",),
        "independent": ("independent action by citizens without government",),
        "informal": ("informal engagement by intermediaries with authorities",),
        "informal_engagement": ("informal engagement between citizens and officials",),
        "leadership": ("leadership development and training of community leaders",),
        "evaluation": ("evaluation, oversight and social auditing",),
        "protest": ("protest and demonstrations",),
        "research": ("research and data collection",),
        "social": ("social mobilization of many people",),
    },
    "targeted_participants": {
        "appointed": ("appointed public servants and civil servants",),
        "lgbt": ("lesbian, gay, bisexual and transgender people",),
        "elderly": ("elderly people, seniors and pensioners",),
        "elected": ("elected officials, politicians, councillors and parliamentarians",),
        "experts": ("experts, scientists and professionals",),
        "indigenous": ("indigenous peoples",),
        "immigrants": ("immigrants, migrants and refugees",),
        "lowincome": ("low-income people and people living in poverty",),
        "men": ("men",),
        "people": ("people with disabilities",),
        "racialethnic": ("racial and ethnic minorities, Roma",),
        "religious": ("religious groups and faith communities",),
        "stakeholder": ("stakeholder organisations, NGOs, businesses and associations",),
        "students": ("students and pupils",),
        "women": ("women and girls",),
        "youth": ("young people, youth and children",),
    },
    "recruitment_method": {
        "captive": ("participants come from a captive group, such as a class or staff",),
        "random": ("participants selected at random by lot: sortition",),
        "stratified": ("a stratified random sample representative of the population",),
        "appointment": ("participants appointed by officials",),
        "election": ("participants elected by vote",),
        "not": ("open to everyone who wants to take part",),
    },
}
