"""Word lists for the scale data: places, names and the building blocks of plausible texts.

All of it is invented or generic; e-mail addresses are built under ``scale.example``, a
reserved domain, so that no generated mail can reach a real person.
"""

import re
import unicodedata
from dataclasses import dataclass

MAIL_DOMAIN = "scale.example"
# Addresses of people outside every member university (no home university).
OUTSIDE_DOMAINS = (f"mail.{MAIL_DOMAIN}", f"post.{MAIL_DOMAIN}", f"inbox.{MAIL_DOMAIN}")


# Letters that Unicode does not decompose into a Latin letter and a mark.
_TRANSLITERATION = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "ß": "ss",
        "đ": "d",
        "\u0131": "i",
        "ð": "d",
        "þ": "th",
    }
)


def ascii_words(text: str) -> str:
    """Return ``text`` in lower-case ASCII letters and digits separated by single hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    plain = decomposed.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    time_zone: str
    languages: tuple[str, ...]  # ISO 639-1 codes of opportunities.languages; first is the main one
    names: str  # key of NAMES
    cities: str  # comma-separated


COUNTRIES = (
    Country(
        "AT",
        "Austria",
        "Europe/Vienna",
        ("de",),
        "de",
        "Vienna, Graz, Linz, Salzburg, Innsbruck, Klagenfurt, Leoben",
    ),
    Country(
        "BE",
        "Belgium",
        "Europe/Brussels",
        ("nl", "fr"),
        "nl",
        "Brussels, Ghent, Leuven, Antwerp, Liège, Namur, Mons, Hasselt",
    ),
    Country(
        "BG",
        "Bulgaria",
        "Europe/Sofia",
        ("bg",),
        "south-slavic",
        "Sofia, Plovdiv, Varna, Ruse, Veliko Tarnovo",
    ),
    Country("HR", "Croatia", "Europe/Zagreb", ("hr",), "croatian", "Zagreb, Split, Rijeka, Osijek, Zadar"),
    Country("CY", "Cyprus", "Asia/Nicosia", ("el", "en"), "greek", "Nicosia, Limassol, Larnaca"),
    Country(
        "CZ", "Czechia", "Europe/Prague", ("cs",), "czech", "Prague, Brno, Olomouc, Ostrava, Pilsen, Liberec"
    ),
    Country(
        "DK",
        "Denmark",
        "Europe/Copenhagen",
        ("da",),
        "nordic",
        "Copenhagen, Aarhus, Odense, Aalborg, Roskilde",
    ),
    Country("EE", "Estonia", "Europe/Tallinn", ("et",), "finnic", "Tallinn, Tartu, Narva"),
    Country(
        "FI",
        "Finland",
        "Europe/Helsinki",
        ("fi", "sv"),
        "finnic",
        "Helsinki, Turku, Tampere, Oulu, Jyväskylä, Kuopio, Vaasa",
    ),
    Country(
        "FR",
        "France",
        "Europe/Paris",
        ("fr",),
        "fr",
        (
            "Paris, Lyon, Marseille, Toulouse, Lille, Bordeaux, Nantes, Strasbourg, Montpellier, Rennes, "
            "Grenoble, Poitiers, Dijon, Clermont-Ferrand, Nancy, Tours"
        ),
    ),
    Country(
        "DE",
        "Germany",
        "Europe/Berlin",
        ("de",),
        "de",
        (
            "Berlin, Munich, Hamburg, Cologne, Frankfurt am Main, Leipzig, Dresden, Heidelberg, Freiburg,"
            " Göttingen, Jena, Bremen, Münster, Mainz, Kiel, Tübingen"
        ),
    ),
    Country(
        "GR",
        "Greece",
        "Europe/Athens",
        ("el",),
        "greek",
        "Athens, Thessaloniki, Patras, Heraklion, Ioannina, Volos",
    ),
    Country(
        "HU", "Hungary", "Europe/Budapest", ("hu",), "hungarian", "Budapest, Debrecen, Szeged, Pécs, Győr"
    ),
    Country(
        "IE", "Ireland", "Europe/Dublin", ("en", "ga"), "english", "Dublin, Cork, Galway, Limerick, Maynooth"
    ),
    Country(
        "IT",
        "Italy",
        "Europe/Rome",
        ("it",),
        "it",
        (
            "Rome, Milan, Bologna, Turin, Naples, Florence, Padua, Pavia, Pisa, Genoa, Bari, Palermo, "
            "Trento, Siena"
        ),
    ),
    Country("LV", "Latvia", "Europe/Riga", ("lv",), "baltic", "Riga, Daugavpils, Jelgava"),
    Country("LT", "Lithuania", "Europe/Vilnius", ("lt",), "baltic", "Vilnius, Kaunas, Klaipėda, Šiauliai"),
    Country("LU", "Luxembourg", "Europe/Luxembourg", ("fr", "de"), "fr", "Luxembourg, Esch-sur-Alzette"),
    Country("MT", "Malta", "Europe/Malta", ("mt", "en"), "english", "Msida, Valletta"),
    Country(
        "NL",
        "Netherlands",
        "Europe/Amsterdam",
        ("nl",),
        "nl",
        ("Amsterdam, Utrecht, Leiden, Groningen, Rotterdam, Eindhoven, Delft, Maastricht, Nijmegen, Tilburg"),
    ),
    Country(
        "PL",
        "Poland",
        "Europe/Warsaw",
        ("pl",),
        "polish",
        "Warsaw, Kraków, Wrocław, Poznań, Gdańsk, Łódź, Lublin, Katowice, Toruń",
    ),
    Country(
        "PT", "Portugal", "Europe/Lisbon", ("pt",), "pt", "Lisbon, Porto, Coimbra, Braga, Aveiro, Évora, Faro"
    ),
    Country(
        "RO",
        "Romania",
        "Europe/Bucharest",
        ("ro",),
        "romanian",
        "Bucharest, Cluj-Napoca, Iași, Timișoara, Brașov, Craiova, Constanța",
    ),
    Country("SK", "Slovakia", "Europe/Bratislava", ("sk",), "czech", "Bratislava, Košice, Žilina, Nitra"),
    Country("SI", "Slovenia", "Europe/Ljubljana", ("sl",), "croatian", "Ljubljana, Maribor, Koper"),
    Country(
        "ES",
        "Spain",
        "Europe/Madrid",
        ("es",),
        "es",
        (
            "Madrid, Barcelona, Valencia, Seville, Salamanca, Granada, Bilbao, Zaragoza, Santiago de "
            "Compostela, Málaga, Valladolid, Murcia"
        ),
    ),
    Country(
        "SE",
        "Sweden",
        "Europe/Stockholm",
        ("sv",),
        "nordic",
        "Stockholm, Gothenburg, Uppsala, Lund, Umeå, Linköping, Örebro, Luleå",
    ),
    Country("NO", "Norway", "Europe/Oslo", ("en",), "nordic", "Oslo, Bergen, Trondheim, Tromsø, Stavanger"),
    Country("IS", "Iceland", "Atlantic/Reykjavik", ("en",), "nordic", "Reykjavík, Akureyri"),
    Country(
        "RS", "Serbia", "Europe/Belgrade", ("en",), "south-slavic", "Belgrade, Novi Sad, Niš, Kragujevac"
    ),
    Country("MK", "North Macedonia", "Europe/Skopje", ("en",), "south-slavic", "Skopje, Bitola"),
    Country(
        "TR", "Türkiye", "Europe/Istanbul", ("tr",), "turkish", "Istanbul, Ankara, Izmir, Eskişehir, Bursa"
    ),
    Country("UA", "Ukraine", "Europe/Kyiv", ("uk",), "ukrainian", "Kyiv, Lviv, Kharkiv, Odesa, Dnipro"),
)

NAMES = {
    "de": (
        ("Anna Lena Jonas Lukas Marie Felix Sophie Paul Hannah Moritz Clara Maximilian Johanna Leon"),
        (
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz Koch Richter "
            "Wolf Braun"
        ),
    ),
    "fr": (
        "Camille Léa Hugo Louis Chloé Manon Jules Emma Lucas Inès Théo Sarah Antoine Juliette",
        (
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
            "Lefebvre Michel"
        ),
    ),
    "nl": (
        "Daan Emma Sem Julia Lucas Tess Noah Sophie Milan Fenna Bram Lotte Ruben Sanne",
        ("Jansen Visser Bakker Smit Meijer Mulder Peeters Maes Claes Wouters Dekker Bos Vos Hendriks"),
    ),
    "it": (
        (
            "Giulia Francesco Sofia Alessandro Aurora Lorenzo Martina Matteo Chiara Leonardo Giorgia "
            "Andrea Elisa Marco"
        ),
        ("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca"),
    ),
    "es": (
        ("Lucía Hugo Martina Pablo María Daniel Paula Alejandro Carmen Javier Elena Diego Sara Álvaro"),
        (
            "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez "
            "Ruiz Díaz Moreno"
        ),
    ),
    "pt": (
        (
            "Maria João Beatriz Tiago Inês Rodrigo Leonor Duarte Matilde Afonso Carolina Miguel "
            "Mariana Gonçalo"
        ),
        (
            "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes Gonçalves"
            " Gomes Lopes Marques"
        ),
    ),
    "polish": (
        ("Zuzanna Jakub Julia Antoni Maja Jan Zofia Szymon Hanna Filip Aleksandra Kacper Natalia Michał"),
        (
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
            "Woźniak Dąbrowski Kozłowski"
        ),
    ),
    "czech": (
        ("Tereza Jakub Eliška Jan Anna Tomáš Adéla Matěj Klára Vojtěch Natálie Lukáš Veronika Martin"),
        ("Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Marek Pokorný Král Kováč"),
    ),
    "hungarian": (
        "Hanna Bence Anna Máté Zsófia Levente Luca Dávid Réka Ádám Eszter Balázs Dóra Gergő",
        "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász",
    ),
    "romanian": (
        ("Maria Andrei Elena Alexandru Ioana Mihai Ana Ștefan Andreea Gabriel Daria Vlad Irina Radu"),
        ("Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Marin"),
    ),
    "south-slavic": (
        "Milica Nikola Ana Stefan Jovana Luka Marija Marko Elena Ivan Sara Petar Teodora Dimitar",
        (
            "Petrović Jovanović Nikolić Marković Ivanov Georgiev Dimitrov Stojanović Popović Kostov "
            "Todorov Ilić"
        ),
    ),
    "croatian": (
        "Lucija Luka Ana Ivan Mia Jakob Petra Filip Nika Matej Eva Marko Lana Tin",
        "Horvat Kovačević Babić Novak Marić Jurić Kovač Krajnc Zupan Potočnik Knežević Vuković",
    ),
    "greek": (
        ("Maria Georgios Eleni Dimitrios Katerina Konstantinos Sofia Nikolaos Anna Ioannis Despina Christos"),
        (
            "Papadopoulos Georgiou Nikolaou Dimitriou Konstantinou Ioannou Papadakis Christodoulou "
            "Vasileiou Antoniou"
        ),
    ),
    "nordic": (
        "Emma Oliver Alma William Ella Lucas Freja Noah Ida Elias Astrid Hugo Sigrid Magnus",
        (
            "Hansen Johansson Andersson Nielsen Larsen Karlsson Olsen Lindqvist Berg Eriksson Jensen "
            "Haugen Nilsson"
        ),
    ),
    "finnic": (
        "Aino Eetu Helmi Onni Sofia Leo Emilia Väinö Kerttu Elias Liis Rasmus Maarja Oskar",
        "Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Tamm Saar Sepp Kask Heikkinen",
    ),
    "baltic": (
        "Sofija Jonas Emilija Lukas Anna Matas Kamila Markuss Alise Roberts Elza Dominykas",
        "Kazlauskas Jankauskas Petrauskas Bērziņš Kalniņš Ozoliņš Vaitkus Liepa Balodis Žukauskas",
    ),
    "english": (
        "Aoife Conor Emily Jack Sarah Seán Grace Luke Ciara Daniel Maria Liam Niamh Adam",
        "Murphy Kelly O'Sullivan Walsh Smith O'Brien Byrne Ryan Camilleri Borg Vella Farrugia",
    ),
    "turkish": (
        "Zeynep Yusuf Elif Eymen Defne Mustafa Ecrin Emir Azra Ömer Nehir Kerem",
        "Yilmaz Kaya Demir Şahin Çelik Yildiz Yildirim Öztürk Aydin Özdemir Arslan Doğan",
    ),
    "ukrainian": (
        ("Sofiia Artem Anastasiia Maksym Mariia Oleksandr Anna Dmytro Viktoriia Bohdan Yuliia Andrii"),
        (
            "Melnyk Shevchenko Boiko Kovalenko Bondarenko Tkachenko Kravchenko Oliinyk Shevchuk Koval"
            " Polishchuk"
        ),
    ),
}

# Names and short names of universities; "{city}" is the university's city (several may share one).
UNIVERSITY_TEMPLATES = (
    ("University of {city}", "Univ. {city}"),
    ("{city} University of Technology", "{city} Tech"),
    ("{city} University of Applied Sciences", "{city} UAS"),
    ("{city} Medical University", "MU {city}"),
    ("{city} School of Economics and Management", "{city} SEM"),
    ("Academy of Fine Arts {city}", "AFA {city}"),
    ("{city} Polytechnic Institute", "{city} Poly"),
    ("{city} University of Education", "{city} UE"),
    ("Catholic University of {city}", "CU {city}"),
    ("{city} Institute of Agricultural Sciences", "{city} IAS"),
)

ALLIANCE_PLACES = (
    "Atlantic",
    "Baltic",
    "Danube",
    "Alpine",
    "Arctic",
    "Mediterranean",
    "Pannonian",
    "Carpathian",
    "North Sea",
    "Adriatic",
    "Iberian",
    "Rhine",
    "Aegean",
    "Black Sea",
    "Celtic",
    "Nordic",
    "Central European",
    "Western Balkan",
    "Vistula",
    "Loire",
)
ALLIANCE_PURPOSES = (
    "for Sustainable Cities",
    "for Digital Futures",
    "of Health Sciences",
    "of Technology",
    "of the Arts",
    "for Rural Regions",
    "for Ocean Research",
    "for Inclusive Societies",
    "for Green Engineering",
    "of Young Universities",
    "for Entrepreneurship",
    "for Climate Action",
    "of Life Sciences",
    "for European Citizenship",
    "for Cultural Heritage",
)

WORK_PACKAGES = (
    "Governance and quality",
    "Joint study programmes",
    "Student and staff mobility",
    "Multilingual campus",
    "Research and innovation",
    "Civic engagement",
    "Digital campus and services",
    "Communication and outreach",
    "Inclusion and diversity",
    "Sustainability of the alliance",
)

# Fields of study and work, by language of the text (English has the most).
FIELDS = {
    "en": (
        "urban mobility",
        "climate adaptation",
        "public health",
        "artificial intelligence",
        "medieval history",
        "renewable energy",
        "marine biology",
        "European law",
        "data science",
        "sustainable agriculture",
        "migration studies",
        "cultural heritage",
        "water management",
        "cybersecurity",
        "digital humanities",
        "circular economy",
        "neuroscience",
        "food safety",
        "robotics",
        "human rights",
        "social entrepreneurship",
        "materials science",
        "ageing societies",
        "biodiversity",
        "quantum computing",
        "journalism",
        "sports science",
        "architecture",
        "tourism",
        "linguistics",
        "mental health",
        "smart grids",
        "philosophy of science",
        "game design",
        "forestry",
        "microbiology",
        "public policy",
        "music education",
        "mathematical modelling",
        "inclusive education",
    ),
    "fr": (
        "mobilité urbaine",
        "adaptation au climat",
        "santé publique",
        "intelligence artificielle",
        "histoire médiévale",
        "énergies renouvelables",
        "droit européen",
        "science des données",
        "agriculture durable",
        "patrimoine culturel",
        "gestion de l'eau",
        "économie circulaire",
        "sciences sociales",
        "biodiversité",
        "journalisme",
        "architecture",
        "santé mentale",
        "linguistique",
    ),
    "de": (
        "urbane Mobilität",
        "Klimaanpassung",
        "öffentliche Gesundheit",
        "künstliche Intelligenz",
        "mittelalterliche Geschichte",
        "erneuerbare Energien",
        "Europarecht",
        "Datenwissenschaft",
        "nachhaltige Landwirtschaft",
        "Kulturerbe",
        "Wasserwirtschaft",
        "Kreislaufwirtschaft",
        "Neurowissenschaften",
        "Biodiversität",
        "Robotik",
        "Architektur",
        "Materialwissenschaft",
    ),
    "es": (
        "movilidad urbana",
        "adaptación al clima",
        "salud pública",
        "inteligencia artificial",
        "historia medieval",
        "energías renovables",
        "derecho europeo",
        "ciencia de datos",
        "agricultura sostenible",
        "patrimonio cultural",
        "gestión del agua",
        "economía circular",
        "biodiversidad",
        "periodismo",
        "turismo sostenible",
        "arquitectura",
    ),
    "it": (
        "mobilità urbana",
        "adattamento climatico",
        "sanità pubblica",
        "intelligenza artificiale",
        "storia medievale",
        "energie rinnovabili",
        "diritto europeo",
        "scienza dei dati",
        "agricoltura sostenibile",
        "patrimonio culturale",
        "gestione delle acque",
        "economia circolare",
        "biodiversità",
        "archeologia",
        "design",
        "architettura",
    ),
}

# Titles by language and opportunity kind; {field}, {city} and {host} are filled in.
TITLES = {
    "en": {
        "semester-exchange": (
            "Semester exchange in {field} at {host}",
            "Spend a semester studying {field} in {city}",
        ),
        "short-term-mobility": (
            "Blended intensive programme on {field}",
            "Short-term mobility: {field} in {city}",
        ),
        "summer-school": ("Summer school on {field} in {city}", "Winter school on {field}"),
        "traineeship": ("Traineeship in {field} at {host}", "Research traineeship: {field}"),
        "staff-mobility": ("Staff training week on {field}", "Teaching mobility in {field} at {host}"),
        "research-project": (
            "Research project: {field} in mid-sized cities",
            "Join a research team on {field}",
        ),
        "citizen-science": ("Citizen science: {field} in {city}", "Map {field} with the people of {city}"),
        "volunteering": (
            "Volunteer for {field} projects in {city}",
            "Civic engagement: {field} in your city",
        ),
        "buddy": ("Buddy programme for incoming students in {city}", "Peer mentoring in {field}"),
        "virtual-exchange": ("Virtual exchange on {field}", "Online collaborative course: {field}"),
        "joint-course": ("Micro-credential in {field}", "Joint course: introduction to {field}"),
        "event": ("Workshop on {field}", "Alliance days: {field} in {city}"),
        "challenge": ("Challenge: {field} for {city}", "Hackathon on {field}"),
    },
    "fr": {
        "semester-exchange": ("Semestre d'échange en {field} à {city}",),
        "short-term-mobility": ("Programme intensif hybride : {field}",),
        "summer-school": ("École d'été sur la {field} à {city}", "École d'hiver : {field}"),
        "traineeship": ("Stage en {field} à {city}",),
        "staff-mobility": ("Semaine de formation du personnel : {field}",),
        "research-project": ("Projet de recherche : {field}",),
        "citizen-science": ("Science participative : {field} à {city}",),
        "volunteering": ("Bénévolat : {field} à {city}",),
        "buddy": ("Parrainage des étudiants internationaux à {city}",),
        "virtual-exchange": ("Échange virtuel : {field}",),
        "joint-course": ("Micro-certification en {field}",),
        "event": ("Atelier : {field}",),
        "challenge": ("Défi : {field} pour {city}",),
    },
    "de": {
        "semester-exchange": ("Auslandssemester: {field} in {city}",),
        "short-term-mobility": ("Blended Intensive Programme: {field}",),
        "summer-school": ("Sommerschule {field} in {city}", "Winterschule: {field}"),
        "traineeship": ("Praktikum: {field} in {city}",),
        "staff-mobility": ("Fortbildungswoche für Mitarbeitende: {field}",),
        "research-project": ("Forschungsprojekt: {field}",),
        "citizen-science": ("Bürgerwissenschaft: {field} in {city}",),
        "volunteering": ("Ehrenamt: {field} in {city}",),
        "buddy": ("Buddy-Programm für internationale Studierende in {city}",),
        "virtual-exchange": ("Virtueller Austausch: {field}",),
        "joint-course": ("Microcredential: {field}",),
        "event": ("Workshop: {field}",),
        "challenge": ("Challenge: {field} für {city}",),
    },
    "es": {
        "semester-exchange": ("Semestre de intercambio en {field} en {city}",),
        "short-term-mobility": ("Programa intensivo combinado: {field}",),
        "summer-school": ("Escuela de verano sobre {field} en {city}",),
        "traineeship": ("Prácticas en {field} en {city}",),
        "staff-mobility": ("Semana de formación del personal: {field}",),
        "research-project": ("Proyecto de investigación: {field}",),
        "citizen-science": ("Ciencia ciudadana: {field} en {city}",),
        "volunteering": ("Voluntariado: {field} en {city}",),
        "buddy": ("Programa de acogida de estudiantes en {city}",),
        "virtual-exchange": ("Intercambio virtual: {field}",),
        "joint-course": ("Microcredencial en {field}",),
        "event": ("Taller: {field}",),
        "challenge": ("Reto: {field} para {city}",),
    },
    "it": {
        "semester-exchange": ("Semestre di scambio in {field} a {city}",),
        "short-term-mobility": ("Programma intensivo misto: {field}",),
        "summer-school": ("Scuola estiva di {field} a {city}",),
        "traineeship": ("Tirocinio in {field} a {city}",),
        "staff-mobility": ("Settimana di formazione del personale: {field}",),
        "research-project": ("Progetto di ricerca: {field}",),
        "citizen-science": ("Scienza partecipata: {field} a {city}",),
        "volunteering": ("Volontariato: {field} a {city}",),
        "buddy": ("Programma buddy per studenti internazionali a {city}",),
        "virtual-exchange": ("Scambio virtuale: {field}",),
        "joint-course": ("Microcredenziale in {field}",),
        "event": ("Laboratorio: {field}",),
        "challenge": ("Sfida: {field} per {city}",),
    },
}

# Sentences of summaries and descriptions, by language.
SENTENCES = {
    "en": (
        "Work with students and researchers from across the alliance on {field}.",
        "Lectures in the morning, field work and group projects in the afternoon.",
        "You will meet local partners in {city} and present your results to them.",
        "No prior experience is needed; curiosity and teamwork are.",
        "Teaching is in English, with an optional language course.",
        "Participants receive a certificate and, where stated, ECTS credits.",
        "Mentors from {host} follow each team throughout the programme.",
        "The programme combines online preparation with a week on site.",
        "Travel and accommodation can be funded through Erasmus+.",
        "Places are limited; your local coordinator can tell you how to apply.",
        "Results feed into the alliance's work on {field}.",
        "Evening events bring participants together with the city's students.",
    ),
    "fr": (
        "Travaillez avec des étudiants et des chercheurs de toute l'alliance sur la {field}.",
        "Cours le matin, travail de terrain et projets en groupe l'après-midi.",
        "Vous rencontrerez des partenaires locaux à {city}.",
        "Aucune expérience préalable n'est requise.",
        "Les participants reçoivent une attestation et, le cas échéant, des crédits ECTS.",
        "Le voyage et l'hébergement peuvent être financés par Erasmus+.",
    ),
    "de": (
        "Arbeiten Sie mit Studierenden und Forschenden der ganzen Allianz zum Thema {field}.",
        "Vormittags Vorlesungen, nachmittags Feldarbeit und Gruppenprojekte.",
        "Sie lernen lokale Partner in {city} kennen.",
        "Vorkenntnisse sind nicht erforderlich.",
        "Teilnehmende erhalten eine Bescheinigung und gegebenenfalls ECTS-Punkte.",
        "Reise und Unterkunft können über Erasmus+ gefördert werden.",
    ),
    "es": (
        "Trabaja con estudiantes e investigadores de toda la alianza sobre {field}.",
        "Clases por la mañana, trabajo de campo y proyectos en grupo por la tarde.",
        "Conocerás a socios locales en {city}.",
        "No se necesita experiencia previa.",
        "Los participantes reciben un certificado y, en su caso, créditos ECTS.",
        "El viaje y el alojamiento pueden financiarse con Erasmus+.",
    ),
    "it": (
        "Lavora con studenti e ricercatori di tutta l'alleanza su {field}.",
        "Lezioni al mattino, lavoro sul campo e progetti di gruppo al pomeriggio.",
        "Incontrerai partner locali a {city}.",
        "Non è richiesta esperienza precedente.",
        "I partecipanti ricevono un attestato e, se previsto, crediti ECTS.",
        "Viaggio e alloggio possono essere finanziati da Erasmus+.",
    ),
}

HEADINGS = {"en": "Programme", "fr": "Programme", "de": "Programm", "es": "Programa", "it": "Programma"}

ELIGIBILITY = (
    "Students of any member university, from their second year.",
    "Master students and doctoral candidates of the alliance.",
    "Academic and administrative staff of member universities.",
    "Everyone in the alliance; some places are kept for students with fewer opportunities.",
    "",
)

# What people write, for subjects and threads (English; the scale data's people write in English).
SUBJECTS = (
    "Question about {thing}",
    "{thing}: what are the next steps?",
    "Deadline for {thing}",
    "Can I still apply for {thing}?",
    "Documents needed for {thing}",
    "Recognition of credits after {thing}",
    "Funding for {thing}",
    "Language requirements for {thing}",
    "Housing during {thing}",
    "Dates of {thing}",
)
GENERAL_THINGS = (
    "a semester abroad",
    "my learning agreement",
    "a staff training week",
    "a research stay",
    "the Erasmus+ grant",
    "a joint course",
    "a volunteering project",
    "a traineeship abroad",
    "the buddy programme",
    "a summer school",
    "a teaching visit",
    "the virtual exchange",
)
REQUESTER_LINES = (
    "Hello, I would like to know more about this.",
    "Could you tell me which documents I need to prepare?",
    "I am in my second year and would like to go abroad next semester.",
    "My home faculty asked me to confirm the dates with you.",
    "Is there any funding available for travel?",
    "Thank you for your quick answer.",
    "I have uploaded the form; please let me know if anything is missing.",
    "Sorry, one more question: can I combine this with my thesis work?",
    "I spoke with my supervisor, who agrees.",
    "Is the deadline the same for all member universities?",
)
STAFF_LINES = (
    "Thank you for your message.",
    "Yes, you can apply; the form is linked on the opportunity page.",
    "Please send us your latest transcript of records.",
    "The deadline is the one shown on the page, in the host university's time zone.",
    "Erasmus+ covers travel and a monthly grant; the amount depends on the country.",
    "Your learning agreement needs to be signed by your faculty first.",
    "I have forwarded your question to our colleagues at the host university.",
    "Could you tell us your programme and year of study?",
    "We will get back to you after the selection committee meets.",
    "Everything is in order; nothing else is needed from you.",
)
NOTES = (
    "Checked the transcript; eligible.",
    "Host university confirmed there are places left.",
    "Waiting for the faculty's nomination list.",
    "Second enquiry from this person on the same topic.",
    "Language certificate missing; asked for it.",
    "Discussed in the team meeting; I take this one.",
)
CANNED_REPLIES = (
    ("Acknowledgement", "Thank you for your enquiry. We will come back to you within our response time."),
    ("Documents needed", "Please send us your transcript of records and a short motivation letter."),
    ("Erasmus+ funding", "Erasmus+ covers travel and a monthly grant; see the opportunity page for amounts."),
    ("Learning agreement", "Your faculty signs the learning agreement first; then we countersign it."),
)
