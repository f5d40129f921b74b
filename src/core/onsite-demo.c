/* onsite-demo.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-demo.h"
#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "vendor/onsite-handoff-summary.h"
#include "vendor/onsite-vendor-match.h"
#include "onsite-ticket-private.h"

/*
 * Demo data: a plausible day at an IT service company that looks after the
 * offices of a few dozen firms around Milan. Every choice comes from one
 * GRand seeded by the options and every time is relative to options->now,
 * so the same options always give the same database.
 *
 * The companies are made up; the streets and towns are real and their
 * coordinates are close to the real ones, with a little jitter per building.
 */

#define MINUTE ((gint64)60)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

#define N_LOCATED_LOCATIONS  64
#define N_UNLOCATED_LOCATIONS 4
#define N_LOCATIONS (N_LOCATED_LOCATIONS + N_UNLOCATED_LOCATIONS)

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

typedef struct
{
  const char *town;
  const char *postcode;
  const char *province;
  const char *street;
  double      latitude;
  double      longitude;
} DemoStreet;

static const DemoStreet streets[] = {
  { "Milano", "20121", "MI", "Via Dante", 45.4669, 9.1860 },
  { "Milano", "20124", "MI", "Corso Buenos Aires", 45.4790, 9.2105 },
  { "Milano", "20123", "MI", "Via Torino", 45.4612, 9.1863 },
  { "Milano", "20145", "MI", "Corso Vercelli", 45.4680, 9.1630 },
  { "Milano", "20154", "MI", "Corso Como", 45.4822, 9.1868 },
  { "Milano", "20127", "MI", "Viale Monza", 45.4975, 9.2230 },
  { "Milano", "20144", "MI", "Via Tortona", 45.4530, 9.1660 },
  { "Milano", "20122", "MI", "Corso di Porta Romana", 45.4565, 9.1960 },
  { "Milano", "20124", "MI", "Via Vittor Pisani", 45.4810, 9.2015 },
  { "Milano", "20154", "MI", "Piazza Gae Aulenti", 45.4838, 9.1898 },
  { "Milano", "20155", "MI", "Viale Certosa", 45.4975, 9.1420 },
  { "Milano", "20149", "MI", "Via Gattamelata", 45.4835, 9.1475 },
  { "Milano", "20141", "MI", "Via Ripamonti", 45.4380, 9.2040 },
  { "Milano", "20162", "MI", "Viale Fulvio Testi", 45.5070, 9.2055 },
  { "Milano", "20146", "MI", "Via Lorenteggio", 45.4535, 9.1330 },
  { "Milano", "20154", "MI", "Corso Sempione", 45.4790, 9.1700 },
  { "Milano", "20124", "MI", "Via Melchiorre Gioia", 45.4880, 9.1950 },
  { "Milano", "20126", "MI", "Viale Sarca", 45.5180, 9.2135 },
  { "Milano", "20122", "MI", "Via Larga", 45.4615, 9.1935 },
  { "Milano", "20122", "MI", "Viale Regina Margherita", 45.4605, 9.2065 },
  { "Milano", "20146", "MI", "Via Washington", 45.4660, 9.1545 },
  { "Milano", "20124", "MI", "Via Giovanni Battista Pirelli", 45.4855, 9.1985 },
  { "Milano", "20134", "MI", "Viale Forlanini", 45.4610, 9.2480 },
  { "Milano", "20151", "MI", "Via Gallarate", 45.4960, 9.1280 },
  { "Milano", "20144", "MI", "Via Bergognone", 45.4555, 9.1645 },
  { "Milano", "20129", "MI", "Corso XXII Marzo", 45.4630, 9.2150 },
  { "Milano", "20132", "MI", "Via Padova", 45.4980, 9.2310 },
  { "Milano", "20123", "MI", "Corso Magenta", 45.4655, 9.1760 },
  { "Sesto San Giovanni", "20099", "MI", "Viale Casiraghi", 45.5365, 9.2335 },
  { "Sesto San Giovanni", "20099", "MI", "Viale Antonio Gramsci", 45.5330, 9.2275 },
  { "Sesto San Giovanni", "20099", "MI", "Via Giosuè Carducci", 45.5305, 9.2300 },
  { "Sesto San Giovanni", "20099", "MI", "Viale Italia", 45.5280, 9.2225 },
  { "Monza", "20900", "MB", "Via Italia", 45.5835, 9.2738 },
  { "Monza", "20900", "MB", "Corso Milano", 45.5775, 9.2705 },
  { "Monza", "20900", "MB", "Via Borgazzi", 45.5715, 9.2775 },
  { "Monza", "20900", "MB", "Viale Elvezia", 45.5895, 9.2640 },
  { "Rho", "20017", "MI", "Corso Europa", 45.5295, 9.0425 },
  { "Rho", "20017", "MI", "Via Giuseppe Garibaldi", 45.5290, 9.0395 },
  { "Rho", "20017", "MI", "Via Giacomo Matteotti", 45.5275, 9.0410 },
  { "Segrate", "20054", "MI", "Via Cassanese", 45.4860, 9.2800 },
  { "Segrate", "20054", "MI", "Via Rivoltana", 45.4760, 9.2920 },
  { "San Donato Milanese", "20097", "MI", "Via Martiri di Cefalonia", 45.4195, 9.2640 },
  { "San Donato Milanese", "20097", "MI", "Via Emilia", 45.4135, 9.2610 },
  { "San Donato Milanese", "20097", "MI", "Piazza Santa Barbara", 45.4165, 9.2645 },
  { "Assago", "20057", "MI", "Via del Bosco Rinnovato", 45.4085, 9.1470 },
  { "Assago", "20057", "MI", "Viale Milanofiori", 45.4100, 9.1490 },
  { "Cinisello Balsamo", "20092", "MI", "Viale Fulvio Testi", 45.5500, 9.2190 },
  { "Cinisello Balsamo", "20092", "MI", "Via Libertà", 45.5570, 9.2205 },
  { "Cinisello Balsamo", "20092", "MI", "Piazza Antonio Gramsci", 45.5560, 9.2150 },
  { "Cologno Monzese", "20093", "MI", "Viale Europa", 45.5235, 9.2790 },
  { "Cologno Monzese", "20093", "MI", "Via Felice Cavallotti", 45.5300, 9.2770 },
  { "Rozzano", "20089", "MI", "Viale Toscana", 45.3870, 9.1560 },
  { "Rozzano", "20089", "MI", "Viale Liguria", 45.3835, 9.1590 },
  { "Corsico", "20094", "MI", "Via Cavour", 45.4320, 9.1095 },
  { "Corsico", "20094", "MI", "Via Vittorio Emanuele II", 45.4335, 9.1085 },
  { "Bollate", "20021", "MI", "Via Roma", 45.5470, 9.1200 },
  { "Bollate", "20021", "MI", "Via Giuseppe Garibaldi", 45.5440, 9.1170 },
};

typedef struct
{
  const char *name;
  const char *domain;
} DemoCompany;

static const DemoCompany companies[] = {
  { "Brera Consulting", "breraconsulting.example" },
  { "Ambrosiana Assicurazioni", "ambrosiana-assicurazioni.example" },
  { "Navigli Logistica", "navigli-logistica.example" },
  { "Meridiana Farmaceutici", "meridianafarma.example" },
  { "Studio Legale Ferraris & Associati", "studioferraris.example" },
  { "Officine Sempione", "officinesempione.example" },
  { "Duomo Servizi Finanziari", "duomosf.example" },
  { "Alpi Digital", "alpidigital.example" },
  { "Villoresi Engineering", "villoresi-eng.example" },
  { "Tessiture Brianza", "tessiturebrianza.example" },
  { "Porta Nuova Capital", "pncapital.example" },
  { "Ticino Trasporti", "ticinotrasporti.example" },
  { "Lambro Costruzioni", "lambrocostruzioni.example" },
  { "Fondazione Martesana", "fondazionemartesana.example" },
  { "Edizioni Isola", "edizioniisola.example" },
  { "Sforza Retail", "sforzaretail.example" },
  { "Bicocca Labs", "bicoccalabs.example" },
  { "Centro Medico Lambrate", "cmlambrate.example" },
  { "Darsena Media", "darsenamedia.example" },
  { "Castello Hotels", "castellohotels.example" },
  { "Adda Energia", "addaenergia.example" },
  { "Lombarda Alimentari", "lombardaalimentari.example" },
  { "Gruppo Certosa", "gruppocertosa.example" },
  { "Banca di Credito Padano", "bcpadano.example" },
};

static const char * const first_names[] = {
  "Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Sara",
  "Matteo", "Elena", "Davide", "Valentina", "Andrea", "Federica", "Simone",
  "Martina", "Lorenzo", "Silvia", "Riccardo", "Laura", "Giorgio", "Anna",
  "Nicolò", "Beatrice", "Tommaso", "Ilaria", "Gabriele", "Roberta", "Fabio",
  "Claudia", "Emanuele", "Serena", "Paolo", "Alessia", "Daniele", "Monica",
  "Pietro", "Camilla", "Filippo", "Noemi", "Stefania",
};

static const char * const last_names[] = {
  "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
  "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca",
  "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri",
  "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Galli", "Martini",
  "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Serra", "Coppola",
  "De Santis", "D'Angelo", "Marchetti", "Parisi", "Villa", "Ferri",
  "Fabbri", "Marini", "Valentini", "Sala", "Gatti", "Pellegrini", "Monti",
  "Cattaneo", "Brambilla", "Cantù", "Sanfilippo",
};

static const char * const buildings[] = {
  "", "", "", "Building A", "Building B", "Palazzina C", "Torre 1", "Edificio 2",
};

static const char * const meeting_rooms[] = {
  "Sala Brera", "Sala Navigli", "Sala Duomo", "Sala Castello", "Sala Sempione",
  "Sala Darsena", "Sala Ticino", "Sala Adda", "Sala Lambro", "Sala Isola",
};

/* The rooms of one office where tickets happen. */
typedef enum
{
  ROOM_ANY,          /* in a template: use the category's weights */
  ROOM_RECEPTION,
  ROOM_OPEN_SPACE,
  ROOM_MEETING,
  ROOM_TECHNICAL,
  ROOM_COPY_CORNER,
  N_ROOMS
} RoomKind;

typedef struct
{
  guint    company;
  guint    street;
  guint    number;
  const char *building;
  int      floors[N_ROOMS];
  char    *rooms[N_ROOMS];
  char    *room_texts[N_ROOMS];
  gboolean has_location;
  double   latitude;
  double   longitude;
  char    *name;
  char    *address;
} DemoLocation;

typedef struct
{
  const char *title;
  const char *description;
  RoomKind    room;
} DemoTemplate;

typedef struct
{
  const char           *key;
  /* How likely each room kind is for this category. */
  guint                 room_weights[N_ROOMS];
  const char * const   *devices;
  gsize                 n_devices;
  const DemoTemplate   *templates;
  gsize                 n_templates;
  const char * const   *fixes;
  gsize                 n_fixes;
} DemoCategory;

static const char * const printer_devices[] = {
  "HP LaserJet Enterprise M507", "HP Color LaserJet M554", "Kyocera TASKalfa 3554ci",
  "Canon imageRUNNER ADVANCE C3226i", "Ricoh IM C3000", "Brother MFC-L8900CDW",
  "Xerox VersaLink C405", "Lexmark MX622",
};

static const DemoTemplate printer_templates[] = {
  { "Paper jam on the {device} that does not clear",
    "The {device} in {room} shows a paper jam in tray 2 even after we removed all the paper. "
    "Nobody on {floor} can print. We opened every door and found nothing stuck." },
  { "{device} prints blank pages",
    "Since this morning the {device} prints blank pages for every job, colour and black. "
    "We replaced the toner cartridge but nothing changed. About {n} people use it." },
  { "Scan to email stopped working on the {device}",
    "Scanning to email on the {device} fails with \"SMTP connection error\". Scanning to a "
    "USB stick still works. Accounting needs to send signed contracts today." },
  { "Fuser error on the {device}",
    "The display of the {device} says \"Fuser error, turn off then on\". We restarted it "
    "twice; the error comes back after a few pages and there is a smell of burning." },
  { "Streaks on every print from the {device}",
    "Every page from the {device} in {room} has a grey vertical streak on the left side. "
    "The drum was changed a month ago. Printouts for clients look unprofessional." },
  { "{device} offline for the whole floor",
    "The {device} on {floor} shows as offline on every PC. The printer's own panel looks "
    "normal and it still copies. The cable may have been moved during cleaning yesterday." },
  { "Badge reader on the {device} does not release jobs",
    "Follow-me printing: holding the badge on the reader of the {device} does nothing and "
    "jobs stay in the queue. The other printer upstairs works with the same badges." },
  { "Toner warning does not go away on the {device}",
    "We put in a new original cyan cartridge but the {device} keeps saying \"Replace toner\" "
    "and refuses to print in colour." },
};

static const char * const printer_fixes[] = {
  "replaced the fuser unit", "cleaned the paper path and replaced the pickup rollers",
  "reset the network settings and updated the firmware", "replaced the drum unit",
  "reconfigured the SMTP relay on the device",
};

static const char * const network_devices[] = {
  "Cisco Catalyst 9200 switch", "HPE Aruba AP-515 access point", "Ubiquiti UniFi U6 access point",
  "Cisco Meraki MR46 access point", "Cisco Catalyst 9300 switch", "Fortinet FortiGate 60F",
};

static const DemoTemplate network_templates[] = {
  { "No network on {n} desks in {room}",
    "{n} desks in {room} on {floor} have no network since Monday. Laptops get no IP address "
    "on the wired port; Wi-Fi works but is slow. Other areas of the floor are fine.", ROOM_OPEN_SPACE },
  { "Wi-Fi drops every few minutes on {floor}",
    "The Wi-Fi on {floor} disconnects every few minutes, mostly near {room}. Teams calls "
    "freeze. The {device} on the ceiling blinks orange.", ROOM_OPEN_SPACE },
  { "Switch beeping in {room}",
    "The {device} in {room} is beeping and one of its fans is loud. Some phones "
    "on {floor} rebooted twice this morning.", ROOM_TECHNICAL },
  { "Wall port damaged in {room}",
    "The network wall port in {room} is broken: the plug does not click in and falls out. "
    "Please replace the port or the patch cable." },
  { "New desks need network ports patched",
    "We moved {n} people to {room} on {floor}. The wall ports are there but not patched in "
    "the closet, so they work on Wi-Fi only until this is done.", ROOM_OPEN_SPACE },
  { "Internet very slow in the whole office",
    "Since the storm last night the whole office has very slow internet and the "
    "{device} in {room} shows a red light. The provider says the line is fine.", ROOM_TECHNICAL },
  { "Access point hanging from the ceiling on {floor}",
    "Maintenance opened the false ceiling on {floor} and the {device} was left hanging by "
    "its cable. It has no lights now.", ROOM_OPEN_SPACE },
};

static const char * const network_fixes[] = {
  "re-patched the ports in the network closet", "replaced the failed switch fan tray",
  "replaced the access point and restored its configuration",
  "replaced the damaged wall port", "power-cycled the firewall and replaced its power supply",
};

static const char * const laptop_devices[] = {
  "Lenovo ThinkPad T14", "Lenovo ThinkPad X1 Carbon", "Dell Latitude 5440",
  "HP EliteBook 840 G10", "Dell Latitude 7440", "HP ProBook 450", "Apple MacBook Air",
};

static const DemoTemplate laptop_templates[] = {
  { "{device} does not turn on",
    "My {device} does not turn on since this morning. The charging light blinks three "
    "times when I plug in the power supply. I have a client presentation at {time}." },
  { "Broken screen on {device}",
    "The screen of my {device} cracked when it fell from the desk. The lower half shows "
    "coloured lines. I can work with an external monitor for now." },
  { "Docking station does not detect the {device}",
    "When I connect my {device} to the docking station in {room}, the two monitors stay "
    "black and the keyboard does not work. The same laptop works at home with USB-C." },
  { "Keyboard keys not working on {device}",
    "Several keys (E, R and the space bar) on my {device} stop working at random. Coffee "
    "was spilled nearby last week." },
  { "Swollen battery on {device}",
    "The touchpad of my {device} is raised and the case does not close properly. I read "
    "this could be a swollen battery, so I stopped using it." },
  { "Laptop set-up for a new hire",
    "A new colleague starts on {floor} on Monday. Please bring and set up a {device} with "
    "the standard image, a docking station and badge printing.", ROOM_OPEN_SPACE },
  { "{device} overheats and shuts down",
    "The {device} gets very hot and shuts down during video calls. The fans are very loud. "
    "It happens several times a day." },
};

static const char * const laptop_fixes[] = {
  "replaced the motherboard under warranty", "replaced the display panel",
  "replaced the keyboard", "replaced the battery", "updated the dock firmware and BIOS",
  "cleaned the fans and replaced the thermal paste",
};

static const char * const phone_devices[] = {
  "Cisco IP Phone 8841", "Cisco IP Phone 7821", "Yealink T54W", "Poly VVX 450",
  "Yealink W73P DECT handset", "Snom D785",
};

static const DemoTemplate phone_templates[] = {
  { "Desk phone shows \"No service\"",
    "The {device} at the desk in {room} shows \"No service\" and cannot call out. The PC "
    "connected through the phone has no network either." },
  { "Reception switchboard not ringing",
    "Incoming calls to the main number do not ring at the reception {device}. Callers hear "
    "a busy tone. Urgent: customers cannot reach us.", ROOM_RECEPTION },
  { "Crackling on calls from the {device}",
    "Every call on the {device} has a loud crackle and people cannot hear me. Changing the "
    "handset cord did not help." },
  { "Move extension {ext} to another desk",
    "Extension {ext} moves from {room} to the second desk on {floor}. Please move the "
    "{device} and check that the port is patched for voice.", ROOM_OPEN_SPACE },
  { "DECT handsets lose signal at the back of the building",
    "The {device} handsets lose signal at the back of the building near the loading bay. "
    "The base station may need to be moved or another repeater added." },
  { "Voicemail light always on",
    "The message light on the {device} stays on even though the voicemail box is empty." },
  { "Headset not working with the {device}",
    "The wireless headset paired with the {device} has no audio since the firmware update "
    "last night." },
};

static const char * const phone_fixes[] = {
  "replaced the handset", "re-provisioned the phone on the call manager",
  "moved the phone and re-patched the voice port", "added a DECT repeater",
};

static const char * const conference_devices[] = {
  "Logitech Rally Bar", "Poly Studio X50", "Cisco Room Kit Mini", "Samsung 75-inch display",
  "Barco ClickShare CX-30", "Logitech Tap controller", "Epson projector",
};

static const DemoTemplate conference_templates[] = {
  { "Video conferencing not working in {room}",
    "In {room} the {device} shows \"Not registered\" and we cannot join Teams meetings. We "
    "have a board meeting there at {time}." },
  { "No image on the display in {room}",
    "The display in {room} says \"No signal\" with every laptop. The {device} lights up but "
    "does not share the screen." },
  { "Echo in calls from {room}",
    "Remote participants hear a strong echo when we call from {room}. It started after the "
    "furniture was rearranged and the {device} was moved closer to the speakers." },
  { "Touch panel frozen in {room}",
    "The {device} in {room} is frozen on the home screen and does not respond. Unplugging "
    "it did not help." },
  { "Prepare {room} for an all-hands meeting",
    "On Thursday we host an all-hands meeting of {n} people in {room}, streamed to the other "
    "offices. Please check the {device}, the microphones and the HDMI inputs beforehand." },
  { "Projector lamp failure in {room}",
    "The {device} in {room} turns off after a few minutes and shows a lamp warning. "
    "Training sessions are planned there all week." },
  { "Room microphones do not pick up voices in {room}",
    "In {room} the remote side cannot hear anyone sitting at the far end of the table. The "
    "{device} seems to pick up only the first two seats." },
};

static const char * const conference_fixes[] = {
  "updated the room system firmware and re-registered it", "replaced the HDMI cable and adapter",
  "re-tuned the echo cancellation", "replaced the projector lamp",
};

static const DemoCategory categories[] = {
  { "printer", { 0, 15, 25, 0, 0, 60 },
    printer_devices, G_N_ELEMENTS (printer_devices),
    printer_templates, G_N_ELEMENTS (printer_templates),
    printer_fixes, G_N_ELEMENTS (printer_fixes) },
  { "network", { 0, 0, 50, 30, 20, 0 },
    network_devices, G_N_ELEMENTS (network_devices),
    network_templates, G_N_ELEMENTS (network_templates),
    network_fixes, G_N_ELEMENTS (network_fixes) },
  { "laptop", { 0, 15, 70, 15, 0, 0 },
    laptop_devices, G_N_ELEMENTS (laptop_devices),
    laptop_templates, G_N_ELEMENTS (laptop_templates),
    laptop_fixes, G_N_ELEMENTS (laptop_fixes) },
  { "phone", { 0, 30, 60, 10, 0, 0 },
    phone_devices, G_N_ELEMENTS (phone_devices),
    phone_templates, G_N_ELEMENTS (phone_templates),
    phone_fixes, G_N_ELEMENTS (phone_fixes) },
  { "conference-room", { 0, 0, 0, 100, 0, 0 },
    conference_devices, G_N_ELEMENTS (conference_devices),
    conference_templates, G_N_ELEMENTS (conference_templates),
    conference_fixes, G_N_ELEMENTS (conference_fixes) },
};

static const char * const contact_notes[] = {
  "",
  "",
  "I am at my desk until {end}; call me on extension {ext}.",
  "Reception needs the technician's name to print a visitor badge.",
  "Please call me before coming: {phone}.",
  "Access to {floor} needs a badge; ask for me at reception.",
  "Supplier parking is in the courtyard, entrance from the side street.",
  "I work from home on Fridays; my colleague at the next desk can let you in.",
};

static const char * const meeting_times[] = {
  "9:30", "10:00", "11:30", "14:00", "15:30", "16:00", "9:00 tomorrow",
};

static const char * const service_desk_agents[] = {
  "Irene Costa (service desk)", "Michele Sartori (service desk)",
  "Lucia Bassi (service desk)", "Andrea Pozzi (service desk)",
};

static const char * const waiting_reasons[] = {
  "Waiting for a spare part from the vendor",
  "Waiting for the requester to confirm a time for the visit",
  "Waiting for building management to open the network closet",
  "Waiting for the vendor to confirm the warranty repair",
};

static const char * const channels[] = {
  "through the service portal", "by phone to the service desk", "by email to the service desk",
};

/* SLA windows by priority, from creation. */
static const gint64 sla_windows[] = { 0, 4 * HOUR, 8 * HOUR, 24 * HOUR, 72 * HOUR };

typedef struct
{
  const char *first;
  const char *last;
  const char *home_address;
  double      latitude;
  double      longitude;
  const char *skills[4];
  guint       hours;
} DemoTechnician;

static const DemoTechnician technicians[] = {
  { "Marco", "Colombo", "Via Padova 210, 20132 Milano MI", 45.5040, 9.2390,
    { "printer", "network", "cabling" }, 0 },
  { "Giulia", "Ferrari", "Via Fratelli Bandiera 12, 20099 Sesto San Giovanni MI", 45.5385, 9.2300,
    { "laptop", "phone", "network" }, 1 },
  { "Luca", "Bianchi", "Corso Milano 40, 20900 Monza MB", 45.5770, 9.2700,
    { "printer", "laptop" }, 0 },
  { "Francesca", "Romano", "Via Lorenteggio 180, 20147 Milano MI", 45.4500, 9.1200,
    { "conference-room", "audio-video", "phone" }, 2 },
  { "Alessandro", "Ricci", "Via Giuseppe Garibaldi 15, 20017 Rho MI", 45.5288, 9.0398,
    { "network", "cabling", "phone" }, 3 },
  { "Chiara", "Galli", "Via Emilia 30, 20097 San Donato Milanese MI", 45.4140, 9.2620,
    { "laptop", "printer", "phone" }, 0 },
  { "Davide", "Conti", "Viale Toscana 20, 20089 Rozzano MI", 45.3860, 9.1570,
    { "network", "conference-room", "audio-video" }, 4 },
  { "Sara", "Fontana", "Via Roma 50, 20021 Bollate MI", 45.5465, 9.1195,
    { "printer", "laptop", "phone" }, 1 },
  { "Matteo", "Marino", "Viale Europa 60, 20093 Cologno Monzese MI", 45.5250, 9.2785,
    { "cabling", "network" }, 3 },
  { "Elena", "Greco", "Corso XXII Marzo 28, 20129 Milano MI", 45.4625, 9.2140,
    { "laptop", "conference-room", "audio-video" }, 2 },
  { "Stefano", "Villa", "Via Libertà 75, 20092 Cinisello Balsamo MI", 45.5575, 9.2210,
    { "printer", "phone", "cabling" }, 4 },
  { "Paola", "Brambilla", "Via Cavour 8, 20094 Corsico MI", 45.4322, 9.1093,
    { "laptop", "network", "printer" }, 0 },
};

typedef struct
{
  guint8  first_day;
  guint8  last_day;
  guint16 periods[2][2];
  guint8  saturday;  /* also a Saturday morning on call */
} DemoHours;

#define HM(h, m) ((h) * 60 + (m))

static const DemoHours hours_patterns[] = {
  { 1, 5, { { HM (8, 0), HM (12, 30) }, { HM (13, 30), HM (17, 0) } }, FALSE },
  { 1, 5, { { HM (9, 0), HM (13, 0) }, { HM (14, 0), HM (18, 0) } }, FALSE },
  { 1, 4, { { HM (8, 30), HM (12, 30) }, { HM (13, 30), HM (17, 30) } }, FALSE },
  { 1, 5, { { HM (7, 30), HM (12, 0) }, { HM (13, 0), HM (16, 30) } }, FALSE },
  { 1, 5, { { HM (8, 0), HM (12, 30) }, { HM (13, 30), HM (17, 0) } }, TRUE },
};

typedef struct
{
  const char *name;
  const char *website;
  const char *categories[4];
  OnsiteVendorContact contacts[3];
  struct {
    const char *number;
    int         response_minutes;
    int         resolution_minutes;
    const char *business_hours;
    gboolean    pauses_sla;
    gboolean    expired;
  } contracts[2];
} DemoVendor;

static const DemoVendor vendors[] = {
  { "Stampa Sicura Service S.r.l.", "https://www.stampasicura.example",
    { "printer" },
    { { "Service desk", "First-line support", "+39 02 4071 2200", "assistenza@stampasicura.example", FALSE },
      { "Roberto Sala", "Area manager", "+39 335 781 4402", "r.sala@stampasicura.example", TRUE } },
    { { "SS-2026-0117", 240, 1440, "mon-fri 08:30-17:30", TRUE, FALSE } } },
  { "Toner & Print Lombardia S.r.l.", "https://www.tonerprintlombardia.example",
    { "printer" },
    { { "Assistenza tecnica", "Help desk", "+39 02 9475 3310", "tecnico@tonerprintlombardia.example", FALSE },
      { "Giovanna Riva", "Account manager", "+39 347 220 9981", "g.riva@tonerprintlombardia.example", TRUE } },
    { { "TPL-2024-031", 480, 2880, "mon-fri 09:00-18:00", TRUE, TRUE },
      { "TPL-2026-008", 480, 2880, "mon-fri 09:00-18:00", TRUE, FALSE } } },
  { "NetLink Milano S.p.A.", "https://www.netlinkmilano.example",
    { "network", "cabling" },
    { { "NOC", "Network operations centre", "+39 02 3661 0900", "noc@netlinkmilano.example", FALSE },
      { "Federico Monti", "Field service coordinator", "+39 340 118 2736", "f.monti@netlinkmilano.example", FALSE },
      { "Laura Bellini", "Service delivery manager", "+39 348 902 1174", "l.bellini@netlinkmilano.example", TRUE } },
    { { "NLM-2025-442", 120, 480, "mon-fri 08:00-18:00", TRUE, FALSE },
      { "NLM-2025-443-CORE", 60, 240, "mon-sun 00:00-24:00", FALSE, FALSE } } },
  { "Retecom Impianti S.r.l.", "https://www.retecomimpianti.example",
    { "cabling", "network" },
    { { "Ufficio tecnico", "Scheduling", "+39 02 6182 4470", "ufficiotecnico@retecom.example", FALSE },
      { "Giorgio Pagani", "Owner", "+39 333 640 1188", "g.pagani@retecom.example", TRUE } },
    { { "RI-2026-014", 480, 2880, "mon-fri 08:00-17:00", TRUE, FALSE } } },
  { "VoceDati Telecomunicazioni S.r.l.", "https://www.vocedati.example",
    { "phone", "network" },
    { { "Supporto clienti", "Customer support", "+39 02 8088 5100", "supporto@vocedati.example", FALSE },
      { "Marta Zanetti", "Escalation manager", "+39 349 511 7620", "m.zanetti@vocedati.example", TRUE } },
    { { "VD-2025-2207", 240, 960, "mon-fri 08:00-20:00", TRUE, FALSE } } },
  { "PC Assistance Nord S.r.l.", "https://www.pcassistancenord.example",
    { "laptop" },
    { { "Help desk", "Warranty repairs", "+39 039 230 4410", "helpdesk@pcassistancenord.example", FALSE },
      { "Enrico Vitali", "Service manager", "+39 338 457 0093", "e.vitali@pcassistancenord.example", TRUE } },
    { { "PCAN-2026-0091", 480, 1440, "mon-fri 08:30-18:00", TRUE, FALSE } } },
  { "AV Sale Riunioni S.r.l.", "https://www.avsaleriunioni.example",
    { "conference-room", "audio-video" },
    { { "Assistenza", "Technical support", "+39 02 4549 7780", "assistenza@avsaleriunioni.example", FALSE },
      { "Simona Cereda", "Project manager", "+39 346 781 2250", "s.cereda@avsaleriunioni.example", TRUE } },
    { { "AVSR-2025-156", 240, 1440, "mon-fri 08:00-19:00", TRUE, FALSE } } },
  { "Manutenzioni Tecniche Brianza S.r.l.", "https://www.mtbrianza.example",
    { "conference-room", "cabling", "phone" },
    { { "Centralino", "Dispatch", "+39 039 600 1290", "interventi@mtbrianza.example", FALSE },
      { "Walter Cazzaniga", "Technical director", "+39 335 620 4471", "w.cazzaniga@mtbrianza.example", TRUE } },
    { { "MTB-2026-003", 480, 2880, "mon-sat 08:00-18:00", TRUE, FALSE } } },
};

/* A scheduled ticket's visit, laid out once every ticket is written. */
typedef struct
{
  gint64      ticket_id;
  guint       technician;
  const char *category;
  gboolean    in_progress;
  gint64      sla_due;
} DemoAssignment;

/* One ticket as planned before anything is written, sorted by creation. */
typedef struct
{
  gint64             created;
  guint              index;
  guint8             priority;
  guint8             open : 1;
  guint8             no_location : 1;
  OnsiteTicketStatus status;
} DemoPlan;

typedef struct
{
  GRand        *rand;
  gint64        now;
  DemoLocation  locations[N_LOCATIONS];
  GPtrArray    *technician_names;
  GArray       *technician_ids;   /* gint64, as technician_names */
  GArray       *assignments;      /* DemoAssignment: who visits which ticket today */
  int           last_technician;  /* picked by plan_history(), or -1 */
} DemoContext;

/**
 * onsite_demo_options_init:
 * @options: options to fill in
 *
 * Sets the defaults: 300 tickets, nearly all open, the default seed, the
 * current time, 12 technicians and 8 vendors.
 */
void
onsite_demo_options_init (OnsiteDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  options->n_tickets = 300;
  options->n_open = ONSITE_DEMO_OPEN_DEFAULT;
  options->seed = ONSITE_DEMO_DEFAULT_SEED;
  options->now = 0;
  options->n_technicians = G_N_ELEMENTS (technicians);
  options->n_vendors = G_N_ELEMENTS (vendors);
  options->visits = TRUE;
  options->handoffs = TRUE;
}

static guint
pick_weighted (GRand       *rand,
               const guint *weights,
               guint        n)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n; i++)
    total += weights[i];

  g_assert (total > 0);

  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }

  g_assert_not_reached ();
}

static gint64
rand_time (GRand  *rand,
           gint64  low,
           gint64  high)
{
  if (high <= low)
    return low;

  return low + (gint64)(g_rand_double (rand) * (double)(high - low));
}

/* "Nicolò D'Angelo" → "nicolo.dangelo" */
static char *
email_local_part (const char *first,
                  const char *last)
{
  g_autofree char *ascii = NULL;
  GString *out = g_string_new (NULL);

  ascii = g_str_to_ascii (first, "C");
  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  g_string_append_c (out, '.');

  g_free (ascii);
  ascii = g_str_to_ascii (last, "C");
  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

static char *
floor_label (int floor)
{
  if (floor < 0)
    return g_strdup ("Basement");
  if (floor == 0)
    return g_strdup ("Ground floor");
  return g_strdup_printf ("Floor %d", floor);
}

static char *
floor_text (int floor)
{
  if (floor < 0)
    return g_strdup ("the basement level");
  if (floor == 0)
    return g_strdup ("the ground floor");
  return g_strdup_printf ("floor %d", floor);
}

static void
make_locations (DemoContext *ctx)
{
  for (guint l = 0; l < N_LOCATIONS; l++)
    {
      DemoLocation *loc = &ctx->locations[l];
      const DemoStreet *street;
      int top_floor;
      int office_floor;

      loc->company = l % G_N_ELEMENTS (companies);
      loc->street = g_rand_int_range (ctx->rand, 0, G_N_ELEMENTS (streets));
      loc->number = g_rand_int_range (ctx->rand, 1, 220);
      loc->building = PICK (ctx->rand, buildings);
      street = &streets[loc->street];

      top_floor = g_rand_int_range (ctx->rand, 1, 9);
      office_floor = g_rand_int_range (ctx->rand, 1, top_floor + 1);

      loc->floors[ROOM_RECEPTION] = 0;
      loc->rooms[ROOM_RECEPTION] = g_strdup ("Reception");
      loc->room_texts[ROOM_RECEPTION] = g_strdup ("reception");

      loc->floors[ROOM_OPEN_SPACE] = office_floor;
      loc->rooms[ROOM_OPEN_SPACE] = g_strdup_printf ("Open space %d%c", office_floor,
                                                     'A' + g_rand_int_range (ctx->rand, 0, 3));
      loc->room_texts[ROOM_OPEN_SPACE] = g_strdup (loc->rooms[ROOM_OPEN_SPACE]);

      loc->floors[ROOM_MEETING] = g_rand_int_range (ctx->rand, 0, top_floor + 1);
      loc->rooms[ROOM_MEETING] = g_strdup (PICK (ctx->rand, meeting_rooms));
      loc->room_texts[ROOM_MEETING] = g_strdup (loc->rooms[ROOM_MEETING]);

      loc->floors[ROOM_TECHNICAL] = g_rand_boolean (ctx->rand) ? -1 : office_floor;
      if (loc->floors[ROOM_TECHNICAL] < 0)
        {
          loc->rooms[ROOM_TECHNICAL] = g_strdup ("Server room");
          loc->room_texts[ROOM_TECHNICAL] = g_strdup ("the server room");
        }
      else
        {
          loc->rooms[ROOM_TECHNICAL] = g_strdup_printf ("Network closet %d", office_floor);
          loc->room_texts[ROOM_TECHNICAL] = g_strdup ("the network closet");
        }

      loc->floors[ROOM_COPY_CORNER] = office_floor;
      loc->rooms[ROOM_COPY_CORNER] = g_strdup ("Copy corner");
      loc->room_texts[ROOM_COPY_CORNER] = g_strdup ("the copy corner");

      /* The last few offices have an address the geocoder could not place:
       * the board lists their tickets with "no location". */
      loc->has_location = l < N_LOCATED_LOCATIONS;
      loc->latitude = street->latitude + g_rand_double_range (ctx->rand, -0.0025, 0.0025);
      loc->longitude = street->longitude + g_rand_double_range (ctx->rand, -0.0035, 0.0035);

      loc->name = g_strdup_printf ("%s – %s", companies[loc->company].name, street->town);
      loc->address = g_strdup_printf ("%s %u, %s %s %s", street->street, loc->number,
                                      street->postcode, street->town, street->province);
    }
}

static void
clear_locations (DemoContext *ctx)
{
  for (guint l = 0; l < N_LOCATIONS; l++)
    {
      DemoLocation *loc = &ctx->locations[l];

      for (guint r = ROOM_RECEPTION; r < N_ROOMS; r++)
        {
          g_free (loc->rooms[r]);
          g_free (loc->room_texts[r]);
        }
      g_free (loc->name);
      g_free (loc->address);
    }
}

typedef struct
{
  const char *device;
  const char *room;
  const char *floor;
  const char *time;
  const char *phone;
  const char *end;
  int         n;
  int         ext;
} DemoSlots;

static void
expand (GString         *out,
        const char      *template,
        const DemoSlots *slots)
{
  const char *p = template;

  while (*p)
    {
      const char *open = strchr (p, '{');
      const char *close;
      g_autofree char *key = NULL;

      if (open == NULL || !(close = strchr (open, '}')))
        {
          g_string_append (out, p);
          return;
        }

      g_string_append_len (out, p, open - p);
      key = g_strndup (open + 1, close - open - 1);

      if (g_str_equal (key, "device"))
        g_string_append (out, slots->device);
      else if (g_str_equal (key, "room"))
        g_string_append (out, slots->room);
      else if (g_str_equal (key, "floor"))
        g_string_append (out, slots->floor);
      else if (g_str_equal (key, "time"))
        g_string_append (out, slots->time);
      else if (g_str_equal (key, "phone"))
        g_string_append (out, slots->phone);
      else if (g_str_equal (key, "end"))
        g_string_append (out, slots->end);
      else if (g_str_equal (key, "n"))
        g_string_append_printf (out, "%d", slots->n);
      else if (g_str_equal (key, "ext"))
        g_string_append_printf (out, "%d", slots->ext);
      else
        g_assert_not_reached ();

      p = close + 1;
    }
}

static void
capitalize_first (GString *str)
{
  if (str->len > 0 && g_ascii_islower (str->str[0]))
    str->str[0] = g_ascii_toupper (str->str[0]);
}

static int
compare_plans (gconstpointer a,
               gconstpointer b)
{
  const DemoPlan *pa = a;
  const DemoPlan *pb = b;

  if (pa->created != pb->created)
    return pa->created < pb->created ? -1 : 1;

  return pa->index < pb->index ? -1 : (pa->index > pb->index ? 1 : 0);
}

/* Knuth's selection sampling: marks exactly @k of the @n plans that
 * @match selects, each set of @k equally likely. */
static void
mark_without_location (GRand    *rand,
                       DemoPlan *plans,
                       guint     n_plans,
                       gboolean  open,
                       guint     n,
                       guint     k)
{
  guint seen = 0;

  for (guint i = 0; i < n_plans && k > 0; i++)
    {
      if (plans[i].open != open)
        continue;

      if (g_rand_double (rand) * (n - seen) < k)
        {
          plans[i].no_location = TRUE;
          k--;
        }
      seen++;
    }
}

/*
 * Open tickets are spread around their due dates so that the board shows
 * what a real morning looks like: most on track, some close to the limit,
 * some already late.
 */
static gint64
plan_open_created (DemoContext        *ctx,
                   int                 priority,
                   OnsiteTicketStatus  status)
{
  /* On track, at risk, breached: a ticket with a visit was planned to be
   * in time more often than one still waiting for someone */
  static const guint waiting_weights[] = { 62, 16, 22 };
  static const guint planned_weights[] = { 88, 8, 4 };
  gboolean planned = status == ONSITE_TICKET_STATUS_SCHEDULED ||
                     status == ONSITE_TICKET_STATUS_IN_PROGRESS;
  const guint *state_weights = planned ? planned_weights : waiting_weights;
  gint64 window = sla_windows[priority];
  gint64 threshold = CLAMP (window / 4, 15 * MINUTE, 2 * HOUR);
  gint64 remaining;

  switch (pick_weighted (ctx->rand, state_weights, G_N_ELEMENTS (waiting_weights)))
    {
    case 0: /* on track */
      remaining = rand_time (ctx->rand, threshold + 5 * MINUTE, window - MINUTE);
      break;
    case 1: /* at risk */
      remaining = rand_time (ctx->rand, 2 * MINUTE, threshold - MINUTE);
      break;
    case 2: /* breached */
    default:
      remaining = -rand_time (ctx->rand, 5 * MINUTE, MIN (window * 3 / 2, 36 * HOUR));
      break;
    }

  return ctx->now - (window - remaining);
}

static OnsiteTicketStatus
plan_open_status (DemoContext *ctx)
{
  static const guint weights[] = {
    [ONSITE_TICKET_STATUS_NEW] = 20,
    [ONSITE_TICKET_STATUS_OPEN] = 35,
    [ONSITE_TICKET_STATUS_SCHEDULED] = 26,
    [ONSITE_TICKET_STATUS_IN_PROGRESS] = 4,
    [ONSITE_TICKET_STATUS_WAITING] = 15,
  };

  return pick_weighted (ctx->rand, weights, G_N_ELEMENTS (weights));
}

static DemoPlan *
make_plans (DemoContext *ctx,
            guint        n_tickets,
            guint        n_open)
{
  static const guint priority_weights[] = { 0, 5, 20, 50, 25 };
  DemoPlan *plans = g_new0 (DemoPlan, MAX (n_tickets, 1));
  guint n_closed = n_tickets - n_open;
  /* A year of history for a large database; a few weeks for the default. */
  gint64 history = n_closed > 1000 ? 365 * DAY : 21 * DAY;

  for (guint i = 0; i < n_tickets; i++)
    {
      DemoPlan *plan = &plans[i];

      plan->index = i;
      plan->open = i < n_open;
      plan->priority = pick_weighted (ctx->rand, priority_weights, G_N_ELEMENTS (priority_weights));

      if (plan->open)
        {
          plan->status = plan_open_status (ctx);
          plan->created = plan_open_created (ctx, plan->priority, plan->status);
        }
      else
        {
          plan->created = rand_time (ctx->rand, ctx->now - history, ctx->now - 2 * DAY);
          plan->status = g_rand_int_range (ctx->rand, 0, 5) == 0
                         ? ONSITE_TICKET_STATUS_CLOSED
                         : ONSITE_TICKET_STATUS_RESOLVED;
        }
    }

  /* About one ticket in 25 has a site that could not be placed on a map;
   * on a board of ten or more open tickets, at least one. */
  mark_without_location (ctx->rand, plans, n_tickets, TRUE, n_open,
                         n_open >= 10 ? MAX (1, (n_open * 4 + 50) / 100) : 0);
  mark_without_location (ctx->rand, plans, n_tickets, FALSE, n_closed,
                         (n_closed * 4 + 50) / 100);

  qsort (plans, n_tickets, sizeof (DemoPlan), compare_plans);

  return plans;
}

typedef struct
{
  gint64      at;
  const char *actor;
  const char *kind;
  char       *summary;
} DemoEvent;

typedef struct
{
  DemoEvent events[4];
  guint     n_events;
} DemoHistory;

static void
history_add (DemoHistory *history,
             DemoContext *ctx,
             gint64       step_low,
             gint64       step_high,
             const char  *actor,
             const char  *kind,
             char        *summary)
{
  DemoEvent *event;
  gint64 at;

  g_assert (history->n_events < G_N_ELEMENTS (history->events));

  at = history->events[history->n_events - 1].at;
  event = &history->events[history->n_events++];
  at += rand_time (ctx->rand, step_low, step_high);
  event->at = MIN (at, ctx->now);
  event->actor = actor;
  event->kind = kind;
  event->summary = summary;
}

/* Dispatch sends someone who can do the job: of the technicians with every
 * skill the category asks for, the one with the fewest visits so far
 * (ties: the first from a random one on), or the random one when nobody
 * has the skills. One random draw either way. */
static int
pick_skilled_technician (DemoContext *ctx,
                         const char  *category)
{
  const char * const *needed = onsite_dispatch_rules_for_category (category, NULL);
  guint n = ctx->technician_names->len;
  guint first = g_rand_int_range (ctx->rand, 0, n);
  g_autofree guint *load = g_new0 (guint, n);
  int best = -1;

  /* Without technicians the history names the dispatch team */
  if (ctx->technician_ids->len == 0)
    return first;

  for (guint a = 0; a < ctx->assignments->len; a++)
    load[g_array_index (ctx->assignments, DemoAssignment, a).technician]++;

  for (guint k = 0; k < n; k++)
    {
      guint i = (first + k) % n;
      const DemoTechnician *base = &technicians[i % G_N_ELEMENTS (technicians)];
      gboolean has_all = TRUE;

      for (guint j = 0; has_all && needed[j] != NULL; j++)
        has_all = g_strv_contains ((const char * const *) base->skills, needed[j]);

      if (has_all && (best < 0 || load[i] < load[best]))
        best = i;
    }

  return best >= 0 ? best : (int) first;
}

/* How the ticket got where it is; decided before the ticket is written so
 * that its update time is that of its last event. */
static void
plan_history (DemoHistory        *history,
              DemoContext        *ctx,
              const DemoPlan     *plan,
              const DemoCategory *category,
              OnsiteTicket       *ticket)
{
  const char *technician;

  history->n_events = 1;
  ctx->last_technician = -1;
  history->events[0].at = plan->created;
  history->events[0].actor = ticket->requester;
  history->events[0].kind = "created";
  history->events[0].summary = g_strdup_printf ("Opened by %s %s", ticket->requester,
                                                PICK (ctx->rand, channels));

  if (plan->status == ONSITE_TICKET_STATUS_NEW)
    return;

  history_add (history, ctx, 3 * MINUTE, 40 * MINUTE,
               PICK (ctx->rand, service_desk_agents), "triaged",
               g_strdup (ticket->support_level == 3
                         ? "Remote checks done; hardware fault handed to vendor support (level 3)"
                         : "Remote checks done; needs an on-site visit (level 2)"));

  ctx->last_technician = pick_skilled_technician (ctx, category->key);
  technician = g_ptr_array_index (ctx->technician_names, ctx->last_technician);

  switch (plan->status)
    {
    case ONSITE_TICKET_STATUS_SCHEDULED:
    case ONSITE_TICKET_STATUS_IN_PROGRESS:
      history_add (history, ctx, 10 * MINUTE, 2 * HOUR, "Dispatch", "scheduled",
                   g_strdup_printf ("Visit planned with %s", technician));
      if (plan->status == ONSITE_TICKET_STATUS_IN_PROGRESS)
        history_add (history, ctx, 10 * MINUTE, 3 * HOUR, technician, "status",
                     g_strdup ("On the way to the site"));
      break;

    case ONSITE_TICKET_STATUS_WAITING:
      history_add (history, ctx, 20 * MINUTE, 4 * HOUR, technician, "waiting",
                   g_strdup (PICK (ctx->rand, waiting_reasons)));
      break;

    case ONSITE_TICKET_STATUS_RESOLVED:
      history_add (history, ctx, HOUR, sla_windows[plan->priority], technician, "resolved",
                   g_strdup_printf ("Resolved on site: %s",
                                    category->fixes[g_rand_int_range (ctx->rand, 0, category->n_fixes)]));
      break;

    case ONSITE_TICKET_STATUS_CLOSED:
      history_add (history, ctx, 30 * MINUTE, 6 * HOUR,
                   PICK (ctx->rand, service_desk_agents), "closed",
                   g_strdup (g_rand_boolean (ctx->rand)
                             ? "Closed: duplicate of an earlier ticket"
                             : "Closed by the requester: no longer needed"));
      break;

    case ONSITE_TICKET_STATUS_NEW:
    case ONSITE_TICKET_STATUS_OPEN:
    case ONSITE_N_TICKET_STATUSES:
    default:
      break;
    }
}

static void
history_clear (DemoHistory *history)
{
  for (guint i = 0; i < history->n_events; i++)
    g_free (history->events[i].summary);
  history->n_events = 0;
}

static gboolean
insert_ticket (OnsiteStore     *store,
               DemoContext     *ctx,
               const DemoPlan  *plan,
               GError         **error)
{
  static const guint category_weights[] = { 30, 22, 24, 14, 10 };
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *local = NULL;
  g_autofree char *floor_str = NULL;
  g_autofree char *phone = NULL;
  const DemoCategory *category;
  const DemoTemplate *template;
  const DemoLocation *loc;
  const char *first;
  const char *last;
  const char *note;
  DemoHistory history = { 0 };
  DemoSlots slots;
  RoomKind room;
  gboolean ret = TRUE;
  int urgency;

  G_STATIC_ASSERT (G_N_ELEMENTS (category_weights) == G_N_ELEMENTS (categories));

  category = &categories[pick_weighted (ctx->rand, category_weights, G_N_ELEMENTS (category_weights))];
  template = &category->templates[g_rand_int_range (ctx->rand, 0, category->n_templates)];

  if (plan->no_location)
    loc = &ctx->locations[N_LOCATED_LOCATIONS + g_rand_int_range (ctx->rand, 0, N_UNLOCATED_LOCATIONS)];
  else
    loc = &ctx->locations[g_rand_int_range (ctx->rand, 0, N_LOCATED_LOCATIONS)];

  room = template->room;
  if (room == ROOM_ANY)
    room = pick_weighted (ctx->rand, category->room_weights, N_ROOMS);
  floor_str = floor_text (loc->floors[room]);

  first = PICK (ctx->rand, first_names);
  last = PICK (ctx->rand, last_names);
  local = email_local_part (first, last);
  phone = g_strdup_printf ("+39 02 %04d %04d",
                           g_rand_int_range (ctx->rand, 1000, 10000),
                           g_rand_int_range (ctx->rand, 0, 10000));

  slots.device = category->devices[g_rand_int_range (ctx->rand, 0, category->n_devices)];
  slots.room = loc->room_texts[room];
  slots.floor = floor_str;
  slots.time = PICK (ctx->rand, meeting_times);
  slots.phone = phone;
  slots.end = g_rand_boolean (ctx->rand) ? "13:00" : "18:00";
  slots.n = g_rand_int_range (ctx->rand, 3, 40);
  slots.ext = g_rand_int_range (ctx->rand, 2100, 4900);

  expand (title, template->title, &slots);
  capitalize_first (title);
  expand (description, template->description, &slots);
  capitalize_first (description);

  note = PICK (ctx->rand, contact_notes);
  if (*note)
    {
      g_string_append_c (description, ' ');
      expand (description, note, &slots);
    }

  ticket->title = g_string_free (g_steal_pointer (&title), FALSE);
  ticket->description = g_string_free (g_steal_pointer (&description), FALSE);
  ticket->requester = g_strdup_printf ("%s %s", first, last);
  ticket->requester_contact = g_strdup_printf ("%s@%s", local, companies[loc->company].domain);
  ticket->category = g_strdup (category->key);
  ticket->priority = plan->priority;
  urgency = plan->priority + g_rand_int_range (ctx->rand, -1, 2);
  ticket->urgency = CLAMP (urgency, ONSITE_PRIORITY_MIN, ONSITE_PRIORITY_MAX);
  ticket->support_level = g_rand_int_range (ctx->rand, 0, 100) < 88 ? 2 : 3;
  ticket->status = plan->status;
  ticket->created = plan->created;
  ticket->sla_due = plan->created + sla_windows[plan->priority];

  ticket->site_name = g_strdup (loc->name);
  ticket->address = g_strdup (loc->address);
  ticket->building = g_strdup (loc->building);
  ticket->floor = floor_label (loc->floors[room]);
  ticket->room = g_strdup (loc->rooms[room]);
  ticket->has_location = loc->has_location;
  ticket->latitude = loc->latitude;
  ticket->longitude = loc->longitude;

  plan_history (&history, ctx, plan, category, ticket);
  ticket->updated = history.events[history.n_events - 1].at;

  if (!onsite_store_insert_ticket (store, ticket, error))
    ret = FALSE;
  else if ((plan->status == ONSITE_TICKET_STATUS_SCHEDULED ||
            plan->status == ONSITE_TICKET_STATUS_IN_PROGRESS) &&
           ctx->last_technician >= 0 && (guint)ctx->last_technician < ctx->technician_ids->len)
    {
      /* The technician the history names gets the visit. */
      DemoAssignment assignment = {
        .ticket_id = ticket->id,
        .technician = ctx->last_technician,
        .category = category->key,
        .in_progress = plan->status == ONSITE_TICKET_STATUS_IN_PROGRESS,
        .sla_due = ticket->sla_due,
      };

      g_array_append_val (ctx->assignments, assignment);
    }

  for (guint i = 0; ret && i < history.n_events; i++)
    {
      const DemoEvent *event = &history.events[i];

      ret = onsite_store_add_event (store, ticket->id, event->at, event->actor,
                                    event->kind, event->summary, error);
    }

  history_clear (&history);

  return ret;
}

static gboolean
insert_technicians (OnsiteStore  *store,
                    DemoContext  *ctx,
                    guint         n,
                    GError      **error)
{
  for (guint i = 0; i < n; i++)
    {
      const DemoTechnician *base = &technicians[i % G_N_ELEMENTS (technicians)];
      const DemoHours *pattern = &hours_patterns[base->hours];
      OnsiteWorkPeriod periods[16];
      OnsiteTechnician technician = { 0 };
      g_autofree char *name = NULL;
      g_autofree char *local = NULL;
      g_autofree char *email = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *address = NULL;
      const char *first = base->first;
      const char *last = base->last;
      double latitude = base->latitude;
      double longitude = base->longitude;
      gsize n_periods = 0;
      gint64 id;

      /* Beyond the twelve, more people from the same towns. */
      if (i >= G_N_ELEMENTS (technicians))
        {
          const DemoStreet *street = &streets[g_rand_int_range (ctx->rand, 0, G_N_ELEMENTS (streets))];

          first = PICK (ctx->rand, first_names);
          last = PICK (ctx->rand, last_names);
          address = g_strdup_printf ("%s %d, %s %s %s", street->street,
                                     g_rand_int_range (ctx->rand, 1, 200),
                                     street->postcode, street->town, street->province);
          latitude = street->latitude + g_rand_double_range (ctx->rand, -0.002, 0.002);
          longitude = street->longitude + g_rand_double_range (ctx->rand, -0.003, 0.003);
        }

      name = g_strdup_printf ("%s %s", first, last);
      local = email_local_part (first, last);
      if (i >= G_N_ELEMENTS (technicians))
        email = g_strdup_printf ("%s%u@fieldservice.example", local, i);
      else
        email = g_strdup_printf ("%s@fieldservice.example", local);
      phone = g_strdup_printf ("+39 3%02d %03d %04d",
                               g_rand_int_range (ctx->rand, 20, 50),
                               g_rand_int_range (ctx->rand, 100, 1000),
                               g_rand_int_range (ctx->rand, 0, 10000));

      for (guint8 day = pattern->first_day; day <= pattern->last_day; day++)
        for (guint p = 0; p < 2; p++)
          periods[n_periods++] = (OnsiteWorkPeriod) {
            day, pattern->periods[p][0], pattern->periods[p][1]
          };
      if (pattern->saturday)
        periods[n_periods++] = (OnsiteWorkPeriod) { 6, HM (8, 0), HM (12, 0) };
      g_assert (n_periods <= G_N_ELEMENTS (periods));

      technician.name = name;
      technician.email = email;
      technician.phone = phone;
      technician.home_address = address ? address : base->home_address;
      technician.has_home = TRUE;
      technician.home_latitude = latitude;
      technician.home_longitude = longitude;
      technician.skills = base->skills;
      technician.hours = periods;
      technician.n_hours = n_periods;

      if (!(id = onsite_store_insert_technician (store, &technician, error)))
        return FALSE;
      g_array_append_val (ctx->technician_ids, id);

      g_ptr_array_add (ctx->technician_names, g_steal_pointer (&name));
    }

  return TRUE;
}

static gboolean
insert_vendors (OnsiteStore  *store,
                DemoContext  *ctx,
                guint         n,
                GError      **error)
{
  for (guint i = 0; i < n && i < G_N_ELEMENTS (vendors); i++)
    {
      const DemoVendor *base = &vendors[i];
      OnsiteVendorContract contracts[G_N_ELEMENTS (base->contracts)] = { { 0 } };
      OnsiteVendor vendor = { 0 };
      gsize n_contacts = 0;
      gsize n_contracts = 0;
      /* Contracts start on a midnight some months back. */
      gint64 start = (ctx->now / DAY - g_rand_int_range (ctx->rand, 30, 300)) * DAY;

      while (n_contacts < G_N_ELEMENTS (base->contacts) && base->contacts[n_contacts].name)
        n_contacts++;

      for (gsize c = 0; c < G_N_ELEMENTS (base->contracts) && base->contracts[c].number; c++)
        {
          contracts[c].number = base->contracts[c].number;
          if (base->contracts[c].expired)
            {
              contracts[c].valid_from = start - 730 * DAY;
              contracts[c].valid_until = start - DAY;
            }
          else
            {
              contracts[c].valid_from = start;
              contracts[c].valid_until = start + 730 * DAY;
            }
          contracts[c].response_minutes = base->contracts[c].response_minutes;
          contracts[c].resolution_minutes = base->contracts[c].resolution_minutes;
          contracts[c].business_hours = base->contracts[c].business_hours;
          contracts[c].pauses_sla = base->contracts[c].pauses_sla;
          n_contracts++;
        }

      vendor.name = base->name;
      vendor.website = base->website;
      vendor.categories = base->categories;
      vendor.contacts = base->contacts;
      vendor.n_contacts = n_contacts;
      vendor.contracts = contracts;
      vendor.n_contracts = n_contracts;

      if (!onsite_store_insert_vendor (store, &vendor, error))
        return FALSE;
    }

  return TRUE;
}

/*
 * Today's visits: each technician's scheduled tickets one after the other
 * through their working hours of the day (or 9:00–12:30, 13:30–17:00 on a
 * day off: on call), with the category's usual length and the estimated
 * trip from the previous site (or home) before each. Tickets being worked on come first, the first
 * of them on site.
 * What does not fit in the day stays scheduled without a visit.
 */
static int
compare_assignments (gconstpointer a,
                     gconstpointer b)
{
  const DemoAssignment *aa = a;
  const DemoAssignment *ab = b;

  if (aa->sla_due != ab->sla_due)
    return aa->sla_due < ab->sla_due ? -1 : 1;

  return aa->ticket_id < ab->ticket_id ? -1 : aa->ticket_id > ab->ticket_id;
}

/* A day's plan keeps room for the unexpected: at most this many visits a
 * technician today; what does not fit goes to the next working days. */
#define DEMO_VISITS_TODAY 4
#define DEMO_VISITS_LATER 5
#define DEMO_DAYS_AHEAD   7

static gboolean
insert_visits (OnsiteStore  *store,
               DemoContext  *ctx,
               GError      **error)
{
  static const char sql[] =
    "INSERT INTO visits (ticket_id, technician_id, planned_start, planned_end, state,"
    "  created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree gboolean *placed = NULL;

  if (ctx->assignments->len == 0)
    return TRUE;

  /* As a dispatcher plans: the earliest SLA first */
  g_array_sort (ctx->assignments, compare_assignments);
  placed = g_new0 (gboolean, ctx->assignments->len);

  if (!(techs = onsite_store_list_techs (store, TRUE, error)))
    return FALSE;

  now = g_date_time_new_from_unix_local (ctx->now);

  for (guint d = 0; d < DEMO_DAYS_AHEAD; d++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (now, d);
      g_autoptr(OnsiteDay) day = onsite_day_new (date);

      for (guint i = 0; i < techs->len; i++)
        onsite_day_add_tech (day, g_ptr_array_index (techs, i));

      for (guint t = 0; t < ctx->technician_ids->len; t++)
        {
          gint64 tech_id = g_array_index (ctx->technician_ids, gint64, t);
          g_autoptr(GArray) periods = onsite_day_dup_working_periods (day, tech_id);
          OnsiteTech *tech = onsite_day_find_tech (day, tech_id);
          gboolean on_site = FALSE;
          gboolean has_last, has_here;
          guint n_today = 0;
          OnsitePoint last;
          guint p = 0;
          gint64 cursor;

          if (periods == NULL)
            continue;

          /* Today is shown whatever the weekday; later, only working days */
          if (periods->len == 0 && d > 0)
            continue;

          if (periods->len == 0)
            {
              OnsiteInterval morning = { onsite_day_get_start (day) + 9 * 3600,
                                         onsite_day_get_start (day) + 12 * 3600 + 1800 };
              OnsiteInterval afternoon = { onsite_day_get_start (day) + 13 * 3600 + 1800,
                                           onsite_day_get_start (day) + 17 * 3600 };

              g_array_append_val (periods, morning);
              g_array_append_val (periods, afternoon);
            }

          cursor = g_array_index (periods, OnsiteInterval, 0).start;
          has_last = tech && onsite_tech_get_home (tech, &last.latitude, &last.longitude);

          /* Twice: the tickets being worked on first (today only), then the others. */
          for (guint round = d == 0 ? 0 : 1; round < 2; round++)
            for (guint a = 0; a < ctx->assignments->len && p < periods->len; a++)
              {
                const DemoAssignment *assignment = &g_array_index (ctx->assignments, DemoAssignment, a);
                sqlite3_stmt *stmt;
                int minutes;
                gint64 end;

                if (placed[a] || assignment->technician != t ||
                    (d == 0 && assignment->in_progress != (round == 0)))
                  continue;

                if (n_today >= (d == 0 ? DEMO_VISITS_TODAY : DEMO_VISITS_LATER) &&
                    !(d == 0 && assignment->in_progress))
                  break;

                g_autoptr(OnsiteTicket) ticket = NULL;
                OnsitePoint here;
                OnsiteTravelEstimate trip;
                gint64 start = 0;

                if (!(ticket = onsite_store_get_ticket (store, assignment->ticket_id, error)))
                  return FALSE;

                onsite_dispatch_rules_for_category (assignment->category, &minutes);
                has_here = onsite_ticket_get_location (ticket, &here.latitude, &here.longitude);
                onsite_travel_estimate (NULL, has_last ? &last : NULL, has_here ? &here : NULL, &trip);

                /* The trip from the last site, rounded to 5 minutes. */
                for (; p < periods->len; p++)
                  {
                    const OnsiteInterval *period = &g_array_index (periods, OnsiteInterval, p);

                    start = MAX (cursor, period->start) + trip.seconds;
                    start += (300 - start % 300) % 300;
                    if (start + minutes * 60 <= period->end)
                      break;
                  }
                if (p >= periods->len)
                  break;

                cursor = start;
                end = cursor + minutes * 60;

                if (!(stmt = _onsite_store_prepare (store, sql, error)))
                  return FALSE;
                sqlite3_bind_int64 (stmt, 1, assignment->ticket_id);
                sqlite3_bind_int64 (stmt, 2, tech_id);
                sqlite3_bind_int64 (stmt, 3, cursor);
                sqlite3_bind_int64 (stmt, 4, end);
                /* One place at a time: the first ticket being worked on. */
                sqlite3_bind_text (stmt, 5, assignment->in_progress && !on_site ? "on-site" : "planned",
                                   -1, SQLITE_STATIC);
                on_site |= assignment->in_progress;
                sqlite3_bind_int64 (stmt, 6, ctx->now);
                if (!_onsite_store_step_done (store, stmt, _("save the visit"), error))
                  return FALSE;

                placed[a] = TRUE;
                n_today++;
                cursor = end;
                if (has_here)
                  {
                    last = here;
                    has_last = TRUE;
                  }
              }
        }
    }

  return TRUE;
}

/* The coordinator's morning: level-3 tickets with vendors, at every step.
 * Each step goes through the store's own calls, so the history, the due
 * dates and the SLA pauses are what the app would have written. */
typedef struct
{
  gint64              hours_ago;     /* when it was sent */
  OnsiteHandoffState  state;
  gint64              step_hours;    /* the last step, hours after sending */
  const char         *reference;     /* the vendor's case number, or NULL */
} DemoHandoffStep;

/* Oldest first: they go to the tickets with the oldest history */
static const DemoHandoffStep handoff_steps[] = {
  { 100, ONSITE_HANDOFF_REQUESTED, 0, NULL },           /* the vendor is late */
  { 50, ONSITE_HANDOFF_IN_PROGRESS, 3, "INC0482211" },
  { 30, ONSITE_HANDOFF_RESOLVED, 20, "RMA-55120" },     /* L2 checks the fix */
  { 26, ONSITE_HANDOFF_ACKNOWLEDGED, 2, "CS-2026-118734" },
  { 6, ONSITE_HANDOFF_ACKNOWLEDGED, 1, "SR 7731-0092" },
  { 1, ONSITE_HANDOFF_REQUESTED, 0, NULL },
};

static gboolean
insert_handoffs (OnsiteStore  *store,
                 DemoContext  *ctx,
                 GError      **error)
{
  static const char sql[] =
    "SELECT id, category FROM tickets WHERE support_level = 3"
    " AND status IN ('new', 'open') ORDER BY created_at, id";
  sqlite3_stmt *stmt;
  guint n = 0;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!(stmt = _onsite_store_prepare (store, sql, error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len && n < G_N_ELEMENTS (handoff_steps); i++)
    {
      const DemoHandoffStep *step = &handoff_steps[n];
      gint64 sent, at, acknowledged;
      g_autoptr(OnsiteTicket) ticket = NULL;
      g_autoptr(GListModel) matches = NULL;
      g_autoptr(OnsiteVendorMatch) match = NULL;
      g_autofree char *summary = NULL;
      OnsiteVendorContractInfo *contract;
      OnsiteHandoffDetails details = { 0 };
      OnsiteHandoffRequest request = { 0 };
      gint64 handoff_id;

      if (!(ticket = onsite_store_get_ticket (store, g_array_index (ids, gint64, i), error)))
        return FALSE;

      /* After the ticket was triaged, and every step before now */
      sent = MAX (ctx->now - step->hours_ago * HOUR, onsite_ticket_get_created (ticket) + HOUR);
      if (sent > ctx->now - 30 * MINUTE)
        continue;
      at = MIN (sent + MAX (step->step_hours, 1) * HOUR, ctx->now - 10 * MINUTE);
      acknowledged = step->state == ONSITE_HANDOFF_ACKNOWLEDGED ? at : sent + (at - sent) / 2;

      /* Sent while the contract held: a vendor the app itself suggests */
      if (!(matches = onsite_store_match_vendors (store, onsite_ticket_get_category (ticket),
                                                  NULL, sent, error)))
        return FALSE;
      if (g_list_model_get_n_items (matches) == 0)
        continue;
      match = g_list_model_get_item (matches, 0);
      contract = onsite_vendor_match_get_contract (match);

      details.contract_number = contract ? onsite_vendor_contract_info_get_number (contract) : NULL;
      details.findings = "On site: the fault is in the device itself, not in its setup or the network.";
      details.tried = "Restarted it, reseated cables and parts, updated the firmware.";
      summary = onsite_handoff_compose_summary (ticket, &details);

      request.ticket_id = onsite_ticket_get_id (ticket);
      request.vendor_id = onsite_vendor_info_get_id (onsite_vendor_match_get_vendor (match));
      request.contract_id = contract ? onsite_vendor_contract_info_get_id (contract) : 0;
      request.summary = summary;
      request.sent_at = sent;
      request.actor = "Dispatch";

      if (!(handoff_id = onsite_store_request_handoff (store, &request, error)))
        return FALSE;

      if (step->state >= ONSITE_HANDOFF_ACKNOWLEDGED &&
          !onsite_store_acknowledge_handoff (store, handoff_id, step->reference,
                                             acknowledged, "Dispatch", error))
        return FALSE;

      if (step->state > ONSITE_HANDOFF_ACKNOWLEDGED &&
          !onsite_store_set_handoff_state (store, handoff_id, step->state, NULL, at,
                                           "Dispatch", error))
        return FALSE;

      n++;
    }

  /* As if already sent: the demo goes through no outbox; and a ticket was
   * last updated at its last event, as everywhere in the demo */
  if (!(stmt = _onsite_store_prepare (store, "DELETE FROM outbox", error)) ||
      !_onsite_store_step_done (store, stmt, _("save the vendor cases"), error) ||
      !(stmt = _onsite_store_prepare (store,
                                      "UPDATE tickets SET updated_at ="
                                      " (SELECT max (at) FROM events e WHERE e.ticket_id = tickets.id)"
                                      " WHERE id IN (SELECT ticket_id FROM handoffs)", error)))
    return FALSE;

  return _onsite_store_step_done (store, stmt, _("save the vendor cases"), error);
}

static gboolean
check_empty (OnsiteStore  *store,
             GError      **error)
{
  gint64 tickets, technicians_count, vendors_count;

  if ((tickets = onsite_store_count_tickets (store, FALSE, error)) < 0 ||
      (technicians_count = onsite_store_count_rows (store, "technicians", error)) < 0 ||
      (vendors_count = onsite_store_count_rows (store, "vendors", error)) < 0)
    return FALSE;

  if (tickets > 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The database already has tickets; demo data goes only into an empty one."));
      return FALSE;
    }

  if (technicians_count > 0 || vendors_count > 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The database already has technicians or vendors; demo data goes only into an empty one."));
      return FALSE;
    }

  return TRUE;
}

/**
 * onsite_demo_fill:
 * @store: an empty store
 * @options: (nullable): what to create, or %NULL for the defaults
 * @error: where to report a failure
 *
 * Fills an empty database with demo tickets, technicians and vendors, all
 * in one transaction: on failure nothing is written. A database that
 * already has tickets, technicians or vendors is refused.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_demo_fill (OnsiteStore              *store,
                  const OnsiteDemoOptions  *options,
                  GError                  **error)
{
  OnsiteDemoOptions defaults;
  DemoContext ctx = { 0 };
  g_autofree DemoPlan *plans = NULL;
  gboolean ret = FALSE;
  guint n_open;

  g_return_val_if_fail (ONSITE_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      onsite_demo_options_init (&defaults);
      options = &defaults;
    }

  if (options->n_open == ONSITE_DEMO_OPEN_DEFAULT)
    n_open = options->n_tickets - options->n_tickets / 20;
  else if (options->n_open <= options->n_tickets)
    n_open = options->n_open;
  else
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Cannot make %u of %u tickets open: there are not that many."),
                   options->n_open, options->n_tickets);
      return FALSE;
    }

  if (!onsite_store_begin (store, error))
    return FALSE;

  if (!check_empty (store, error))
    goto out;

  ctx.rand = g_rand_new_with_seed (options->seed);
  ctx.now = options->now > 0 ? options->now : g_get_real_time () / G_USEC_PER_SEC;
  ctx.technician_names = g_ptr_array_new_with_free_func (g_free);
  ctx.technician_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ctx.assignments = g_array_new (FALSE, FALSE, sizeof (DemoAssignment));

  make_locations (&ctx);

  if (!insert_technicians (store, &ctx, options->n_technicians, error) ||
      !insert_vendors (store, &ctx, options->n_vendors, error))
    goto out;

  /* Without technicians the history names the dispatch team instead. */
  if (ctx.technician_names->len == 0)
    g_ptr_array_add (ctx.technician_names, g_strdup ("Dispatch"));

  plans = make_plans (&ctx, options->n_tickets, n_open);

  if (!_onsite_store_bulk_begin (store, error))
    goto out;

  for (guint i = 0; i < options->n_tickets; i++)
    {
      if (!insert_ticket (store, &ctx, &plans[i], error))
        goto out;
    }

  ret = _onsite_store_bulk_end (store, error) &&
        (!options->visits || insert_visits (store, &ctx, error)) &&
        (!options->handoffs || options->n_vendors == 0 || insert_handoffs (store, &ctx, error)) &&
        onsite_store_commit (store, error);

out:
  if (!ret)
    onsite_store_rollback (store);

  if (ctx.rand != NULL)
    {
      clear_locations (&ctx);
      g_rand_free (ctx.rand);
    }
  g_clear_pointer (&ctx.technician_names, g_ptr_array_unref);
  g_clear_pointer (&ctx.technician_ids, g_array_unref);
  g_clear_pointer (&ctx.assignments, g_array_unref);

  return ret;
}
