"""UK places, counties and personal names used to build respondents.

Each place: name | region | county (police and fire area) | postcode area | council pattern.
Council patterns: C city council, M metropolitan borough, B borough, D district, L London borough,
U unitary council. Phone numbers use Ofcom's ranges reserved for drama (they never ring anyone).
"""

from __future__ import annotations

_PLACES = """
Newcastle upon Tyne|North East|Northumbria|NE|C
Sunderland|North East|Northumbria|SR|C
Gateshead|North East|Northumbria|NE|M
South Shields|North East|Northumbria|NE|M
Middlesbrough|North East|Cleveland|TS|U
Hartlepool|North East|Cleveland|TS|B
Stockton-on-Tees|North East|Cleveland|TS|B
Darlington|North East|Durham|DL|B
Durham|North East|Durham|DH|U
Manchester|North West|Greater Manchester|M|C
Oldham|North West|Greater Manchester|OL|M
Rochdale|North West|Greater Manchester|OL|M
Bolton|North West|Greater Manchester|BL|M
Bury|North West|Greater Manchester|BL|M
Wigan|North West|Greater Manchester|WN|M
Salford|North West|Greater Manchester|M|C
Stockport|North West|Greater Manchester|SK|M
Tameside|North West|Greater Manchester|OL|M
Liverpool|North West|Merseyside|L|C
Birkenhead|North West|Merseyside|CH|M
Blackburn|North West|Lancashire|BB|B
Burnley|North West|Lancashire|BB|B
Preston|North West|Lancashire|PR|C
Blackpool|North West|Lancashire|FY|B
Lancaster|North West|Lancashire|LA|C
Pendle|North West|Lancashire|BB|B
Carlisle|North West|Cumbria|CA|C
Barrow-in-Furness|North West|Cumbria|LA|B
Warrington|North West|Cheshire|WA|B
Crewe|North West|Cheshire|CW|U
Bradford|Yorkshire and the Humber|West Yorkshire|BD|M
Leeds|Yorkshire and the Humber|West Yorkshire|LS|C
Kirklees|Yorkshire and the Humber|West Yorkshire|HD|M
Dewsbury|Yorkshire and the Humber|West Yorkshire|WF|M
Halifax|Yorkshire and the Humber|West Yorkshire|HX|M
Wakefield|Yorkshire and the Humber|West Yorkshire|WF|C
Keighley|Yorkshire and the Humber|West Yorkshire|BD|B
Sheffield|Yorkshire and the Humber|South Yorkshire|S|C
Rotherham|Yorkshire and the Humber|South Yorkshire|S|M
Doncaster|Yorkshire and the Humber|South Yorkshire|DN|M
Barnsley|Yorkshire and the Humber|South Yorkshire|S|M
Hull|Yorkshire and the Humber|Humberside|HU|C
Scunthorpe|Yorkshire and the Humber|Humberside|DN|B
York|Yorkshire and the Humber|North Yorkshire|YO|C
Harrogate|Yorkshire and the Humber|North Yorkshire|HG|B
Scarborough|Yorkshire and the Humber|North Yorkshire|YO|B
Leicester|East Midlands|Leicestershire|LE|C
Loughborough|East Midlands|Leicestershire|LE|B
Nottingham|East Midlands|Nottinghamshire|NG|C
Mansfield|East Midlands|Nottinghamshire|NG|D
Derby|East Midlands|Derbyshire|DE|C
Chesterfield|East Midlands|Derbyshire|S|B
Lincoln|East Midlands|Lincolnshire|LN|C
Boston|East Midlands|Lincolnshire|PE|B
Northampton|East Midlands|Northamptonshire|NN|B
Corby|East Midlands|Northamptonshire|NN|B
Kettering|East Midlands|Northamptonshire|NN|B
Birmingham|West Midlands|West Midlands|B|C
Walsall|West Midlands|West Midlands|WS|M
Wolverhampton|West Midlands|West Midlands|WV|C
Coventry|West Midlands|West Midlands|CV|C
Sandwell|West Midlands|West Midlands|B|M
Dudley|West Midlands|West Midlands|DY|M
Stoke-on-Trent|West Midlands|Staffordshire|ST|C
Stafford|West Midlands|Staffordshire|ST|B
Nuneaton|West Midlands|Warwickshire|CV|B
Rugby|West Midlands|Warwickshire|CV|B
Telford|West Midlands|West Mercia|TF|U
Worcester|West Midlands|West Mercia|WR|C
Hereford|West Midlands|West Mercia|HR|U
Redditch|West Midlands|West Mercia|B|B
Peterborough|East of England|Cambridgeshire|PE|C
Cambridge|East of England|Cambridgeshire|CB|C
Wisbech|East of England|Cambridgeshire|PE|D
Luton|East of England|Bedfordshire|LU|B
Bedford|East of England|Bedfordshire|MK|B
Norwich|East of England|Norfolk|NR|C
Great Yarmouth|East of England|Norfolk|NR|B
King's Lynn|East of England|Norfolk|PE|B
Ipswich|East of England|Suffolk|IP|B
Colchester|East of England|Essex|CO|B
Chelmsford|East of England|Essex|CM|C
Basildon|East of England|Essex|SS|B
Southend-on-Sea|East of England|Essex|SS|B
Stevenage|East of England|Hertfordshire|SG|B
Watford|East of England|Hertfordshire|WD|B
Tower Hamlets|London|Metropolitan|E|L
Newham|London|Metropolitan|E|L
Waltham Forest|London|Metropolitan|E|L
Hackney|London|Metropolitan|E|L
Haringey|London|Metropolitan|N|L
Brent|London|Metropolitan|NW|L
Ealing|London|Metropolitan|W|L
Southwark|London|Metropolitan|SE|L
Lambeth|London|Metropolitan|SE|L
Lewisham|London|Metropolitan|SE|L
Croydon|London|Metropolitan|CR|L
Barking and Dagenham|London|Metropolitan|RM|L
Redbridge|London|Metropolitan|IG|L
Harrow|London|Metropolitan|HA|L
Hounslow|London|Metropolitan|TW|L
Camden|London|Metropolitan|NW|L
Islington|London|Metropolitan|N|L
Enfield|London|Metropolitan|EN|L
Barnet|London|Metropolitan|N|L
Westminster|London|Metropolitan|SW|L
Slough|South East|Thames Valley|SL|B
Reading|South East|Thames Valley|RG|B
Oxford|South East|Thames Valley|OX|C
Milton Keynes|South East|Thames Valley|MK|U
High Wycombe|South East|Thames Valley|HP|D
Southampton|South East|Hampshire|SO|C
Portsmouth|South East|Hampshire|PO|C
Basingstoke|South East|Hampshire|RG|B
Brighton and Hove|South East|Sussex|BN|C
Crawley|South East|Sussex|RH|B
Hastings|South East|Sussex|TN|B
Canterbury|South East|Kent|CT|C
Maidstone|South East|Kent|ME|B
Gravesham|South East|Kent|DA|B
Thanet|South East|Kent|CT|D
Guildford|South East|Surrey|GU|B
Woking|South East|Surrey|GU|B
Bristol|South West|Avon and Somerset|BS|C
Bath|South West|Avon and Somerset|BA|U
Taunton|South West|Avon and Somerset|TA|D
Plymouth|South West|Devon and Cornwall|PL|C
Exeter|South West|Devon and Cornwall|EX|C
Torbay|South West|Devon and Cornwall|TQ|U
Truro|South West|Devon and Cornwall|TR|U
Swindon|South West|Wiltshire|SN|B
Gloucester|South West|Gloucestershire|GL|C
Cheltenham|South West|Gloucestershire|GL|B
Bournemouth|South West|Dorset|BH|B
Cardiff|Wales|South Wales|CF|U
Swansea|Wales|South Wales|SA|U
Bridgend|Wales|South Wales|CF|U
Merthyr Tydfil|Wales|South Wales|CF|U
Newport|Wales|Gwent|NP|C
Wrexham|Wales|North Wales|LL|U
Bangor|Wales|North Wales|LL|U
Aberystwyth|Wales|Dyfed-Powys|SY|U
Llanelli|Wales|Dyfed-Powys|SA|U
Glasgow|Scotland|Scotland|G|C
Edinburgh|Scotland|Scotland|EH|C
Dundee|Scotland|Scotland|DD|C
Aberdeen|Scotland|Scotland|AB|C
Inverness|Scotland|Scotland|IV|U
Stirling|Scotland|Scotland|FK|U
Paisley|Scotland|Scotland|PA|U
Belfast|Northern Ireland|Northern Ireland|BT|C
Derry|Northern Ireland|Northern Ireland|BT|C
Newry|Northern Ireland|Northern Ireland|BT|U
Lisburn|Northern Ireland|Northern Ireland|BT|C
"""


class Place:
    __slots__ = ("name", "region", "county", "postcode", "council")

    def __init__(self, line: str):
        self.name, self.region, self.county, self.postcode, self.council = line.split("|")


PLACES = [Place(line) for line in _PLACES.strip().splitlines()]

# Respondents per place: more from the larger and more diverse places.
_BIG = {"Birmingham": 6, "Bradford": 6, "Manchester": 5, "Leeds": 4, "Leicester": 4, "Oldham": 3, "Blackburn": 3,
        "Luton": 3, "Tower Hamlets": 3, "Newham": 3, "Waltham Forest": 3, "Peterborough": 3, "Walsall": 3,
        "Sheffield": 3, "Liverpool": 3, "Bristol": 3, "Glasgow": 2.5, "Cardiff": 2.5, "Kirklees": 2.5,
        "Nottingham": 2.5, "Coventry": 2.5, "Slough": 2, "Brent": 2, "Ealing": 2, "Edinburgh": 2, "Belfast": 2,
        "Southampton": 2, "Newcastle upon Tyne": 2.5, "Sandwell": 2, "Wolverhampton": 2, "Rochdale": 2}
PLACE_WEIGHTS = [_BIG.get(p.name, 1.0) for p in PLACES]

# Police area -> (force name, force domain stem)
FORCES = {
    "Northumbria": ("Northumbria Police", "northumbria"), "Cleveland": ("Cleveland Police", "cleveland"),
    "Durham": ("Durham Constabulary", "durham"), "Greater Manchester": ("Greater Manchester Police", "gmp"),
    "Merseyside": ("Merseyside Police", "merseyside"), "Lancashire": ("Lancashire Constabulary", "lancashire"),
    "Cumbria": ("Cumbria Constabulary", "cumbria"), "Cheshire": ("Cheshire Constabulary", "cheshire"),
    "West Yorkshire": ("West Yorkshire Police", "westyorkshire"), "South Yorkshire": ("South Yorkshire Police", "southyorks"),
    "Humberside": ("Humberside Police", "humberside"), "North Yorkshire": ("North Yorkshire Police", "northyorkshire"),
    "Leicestershire": ("Leicestershire Police", "leics"), "Nottinghamshire": ("Nottinghamshire Police", "nottinghamshire"),
    "Derbyshire": ("Derbyshire Constabulary", "derbyshire"), "Lincolnshire": ("Lincolnshire Police", "lincs"),
    "Northamptonshire": ("Northamptonshire Police", "northants"), "West Midlands": ("West Midlands Police", "west-midlands"),
    "Staffordshire": ("Staffordshire Police", "staffordshire"), "Warwickshire": ("Warwickshire Police", "warwickshire"),
    "West Mercia": ("West Mercia Police", "westmercia"), "Cambridgeshire": ("Cambridgeshire Constabulary", "cambs"),
    "Bedfordshire": ("Bedfordshire Police", "bedfordshire"), "Norfolk": ("Norfolk Constabulary", "norfolk"),
    "Suffolk": ("Suffolk Constabulary", "suffolk"), "Essex": ("Essex Police", "essex"),
    "Hertfordshire": ("Hertfordshire Constabulary", "herts"), "Metropolitan": ("Metropolitan Police Service", "met"),
    "Thames Valley": ("Thames Valley Police", "thamesvalley"), "Hampshire": ("Hampshire Constabulary", "hampshire"),
    "Sussex": ("Sussex Police", "sussex"), "Kent": ("Kent Police", "kent"), "Surrey": ("Surrey Police", "surrey"),
    "Avon and Somerset": ("Avon and Somerset Constabulary", "avonandsomerset"),
    "Devon and Cornwall": ("Devon and Cornwall Police", "devon-cornwall"), "Wiltshire": ("Wiltshire Police", "wiltshire"),
    "Gloucestershire": ("Gloucestershire Constabulary", "gloucestershire"), "Dorset": ("Dorset Police", "dorset"),
    "South Wales": ("South Wales Police", "south-wales"), "Gwent": ("Gwent Police", "gwent"),
    "North Wales": ("North Wales Police", "northwales"), "Dyfed-Powys": ("Dyfed-Powys Police", "dyfed-powys"),
    "Scotland": ("Police Scotland", "scotland"), "Northern Ireland": ("Police Service of Northern Ireland", "psni"),
}

# Drama-reserved landline prefixes (Ofcom) by postcode area; others use 01632 960xxx.
PHONE_PREFIX = {
    "LS": "0113 496 0", "BD": "0113 496 0", "S": "0114 496 0", "NG": "0115 496 0", "LE": "0116 496 0",
    "BS": "0117 496 0", "RG": "0118 496 0", "B": "0121 496 0", "WS": "0121 496 0", "EH": "0131 496 0",
    "G": "0141 496 0", "L": "0151 496 0", "M": "0161 496 0", "OL": "0161 496 0", "SK": "0161 496 0",
    "E": "020 7946 0", "N": "020 7946 0", "NW": "020 7946 0", "SE": "020 7946 0", "W": "020 7946 0",
    "SW": "020 7946 0", "NE": "0191 498 0", "SR": "0191 498 0", "BT": "028 9649 6", "CF": "029 2018 0",
}

FIRST_NAMES = """
James John David Michael Peter Paul Andrew Richard Stephen Mark Robert Christopher Simon Ian Graham Neil Gareth
Rhys Dylan Owen Huw Alistair Callum Fraser Ewan Declan Ciaran Sean Liam Jack Thomas Oliver Harry George Daniel
Matthew Tom Ben Sam Luke Adam Joseph Anthony Kevin Gary Martin Colin Derek Keith Trevor Nigel Clive Malcolm
Mary Susan Margaret Patricia Elizabeth Sarah Helen Karen Julie Claire Emma Rachel Rebecca Laura Hannah Sophie
Charlotte Amy Lucy Katie Jessica Gemma Nicola Joanne Lisa Angela Jane Anne Christine Janet Pauline Maureen
Gillian Fiona Kirsty Morag Eilidh Siobhan Aoife Niamh Bethan Cerys Sian Ffion Rhiannon Megan Chloe Ellie Grace
Mohammed Muhammad Ahmed Ali Imran Tariq Asif Khalid Zahid Bilal Usman Hamza Yusuf Ibrahim Omar Hassan Abdul
Shahid Nadeem Rizwan Faisal Amir Ayesha Fatima Aisha Zainab Maryam Nusrat Shazia Samina Rubina Farzana Saima
Amina Sadia Hina Raheela Parveen Nazia Rukhsana Shabana Yasmin Salma Ruksana Sultana Nasreen
Rajinder Harjit Gurpreet Jaswinder Kuldip Manjit Balvinder Sukhvinder Amarjit Paramjit Harpreet Simran Jaspreet
Navdeep Ravi Sanjay Vijay Anil Sunil Rakesh Pradeep Nilesh Ashok Priya Anjali Meera Neeta Sunita Kavita Rekha
Hansa Bharti Pooja Deepa Shanti Chandni Tunde Chidi Emeka Olu Kwame Kofi Femi Adebayo Ngozi Chioma Funmi
Abimbola Adaeze Folake Grace Blessing Precious Marcia Beverley Delroy Winston Errol Leroy Desmond Hyacinth
Abdi Abdirahman Farah Hodan Ifrah Faduma Ubah Mahad Piotr Tomasz Krzysztof Pawel Marek Agnieszka Katarzyna
Magdalena Joanna Ewa Monika Andrei Ionut Mihai Elena Ioana Darius Tomas Rasa Jurgita Lina Wei Jun Li Mei
Xiu Chen Ming Hui Thanh Linh Minh Yosef Chaim Rivka Miriam Esther Rachel Naomi Shlomo Aaron Leah Ruth Deborah
Maria Ana Sofia Luis Carlos Giovanni Francesca Giulia Mehmet Ayse Emre Zeynep Kemal Dilan Hawre Shirin Reza
Parisa Dara Kaveh Samir Nour Rami Layla Yara
"""
SURNAMES = """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris
Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young
Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall
Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain
Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins
Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds
Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton
O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster
Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter
Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cunningham Sharma Sidhu Sandhu
Dhillon Gill Bains Johal Mistry Parmar Chauhan Mahmood Iqbal Akhtar Hussein Rahman Uddin Miah Chowdhury Islam
Siddiqui Qureshi Malik Butt Rashid Aziz Bibi Nawaz Okafor Adeyemi Okonkwo Mensah Asante Owusu Boateng Adebayo
Nwosu Oyelaran Mohamud Warsame Osman Jama Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski
Popescu Ionescu Kazlauskas Petrauskas Wong Chan Cheung Nguyen Tran Levy Cohen Goldberg Rosen Kaye Freedman
Rossi Silva Santos Yilmaz Demir Karimi Ahmadi Haddad Mansour O'Neill McCarthy Doherty Gallagher McLaughlin
MacDonald MacLeod Fraser Ross Sinclair Llewellyn Pritchard Vaughan Howells Bevan Jenkins Morgan Rowlands
"""
FIRST = FIRST_NAMES.split()
LAST = SURNAMES.split()

SAINTS = ("Mary", "John", "Peter", "Paul", "Andrew", "Michael", "James", "Luke", "Mark", "Thomas", "George",
          "Margaret", "Stephen", "Bartholomew", "Chad", "Aidan", "Anne", "Helen", "Nicholas", "Matthew", "Barnabas",
          "Hilda", "Oswald", "Cuthbert", "Augustine", "Edmund", "Alban", "Lawrence", "Giles", "Martin", "Catherine",
          "Columba", "David", "Teilo", "Wilfrid", "Joseph", "Patrick", "Bede", "Francis")
STREETS = ("High Street", "Church Road", "Station Road", "Victoria Road", "Park Avenue", "Mill Lane", "Green Lane",
           "Manor Road", "Queen Street", "King Street", "Albert Road", "Oxford Road", "Leicester Road", "Chapel Street",
           "Stanley Road", "Grange Road", "Hollins Road", "Whalley Range", "Belgrave Road", "Soho Road",
           "Stratford Road", "Lumb Lane", "Cheetham Hill Road", "Green Street", "Romford Road", "Lea Bridge Road",
           "Narborough Road", "Ladypool Road", "Wilmslow Road", "Harehills Lane", "Dudley Road", "Bury Park Road")
