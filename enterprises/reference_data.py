"""Reference data seeded by migration 0002 and editable afterwards by network staff.
Tuples are (code, French name, English name[, sector code])."""

REGIONS = [
    ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent"),
    ("02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"),
    ("03", "Capitale-Nationale", "Capitale-Nationale"),
    ("04", "Mauricie", "Mauricie"),
    ("05", "Estrie", "Estrie"),
    ("06", "Montréal", "Montréal"),
    ("07", "Outaouais", "Outaouais"),
    ("08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue"),
    ("09", "Côte-Nord", "Côte-Nord"),
    ("10", "Nord-du-Québec", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine", "Gaspésie–Îles-de-la-Madeleine"),
    ("12", "Chaudière-Appalaches", "Chaudière-Appalaches"),
    ("13", "Laval", "Laval"),
    ("14", "Lanaudière", "Lanaudière"),
    ("15", "Laurentides", "Laurentides"),
    ("16", "Montérégie", "Montérégie"),
    ("17", "Centre-du-Québec", "Centre-du-Québec"),
]

SECTORS = [
    ("food", "Alimentation", "Food"),
    ("retail", "Commerce de détail", "Retail trade"),
    ("wholesale", "Commerce de gros", "Wholesale trade"),
    ("culture", "Culture", "Culture"),
    ("manufacturing", "Fabrication", "Manufacturing"),
    ("services", "Services", "Services"),
    ("tourism", "Tourisme", "Tourism"),
]

TRADES = [
    ("building-maintenance", "Entretien d'immeubles et de propriétés", "Property and building maintenance", "services"),
    ("bicycle-repair", "Fabrication et réparation de vélos", "Bicycle manufacture and repair", "manufacturing"),
    ("cook-assistant", "Aide-cuisinier·ère", "Cook assistant", "food"),
    ("delivery-helper", "Aide-livreur·euse", "Delivery helper", "wholesale"),
    ("assistant-welder", "Aide-soudeur·euse", "Assistant welder", "manufacturing"),
    ("industrial-painter", "Peintre industriel·le", "Industrial painter", "manufacturing"),
    (
        "production-operator",
        "Opérateur·trice d'équipement de production",
        "Production equipment operator",
        "manufacturing",
    ),
    ("woodworking", "Ébénisterie et transformation du bois", "Woodworking", "manufacturing"),
    ("thrift-store-clerk", "Commis de friperie", "Thrift-store clerk", "retail"),
    ("computer-refurbishing", "Reconditionnement informatique", "Computer refurbishing", "services"),
    ("caterer", "Traiteur", "Caterer", "food"),
    ("kitchen-helper", "Aide de cuisine", "Kitchen helper", "food"),
    ("line-cook", "Cuisinier·ère de production", "Line cook", "food"),
    ("baker-assistant", "Aide-boulanger·ère", "Baker assistant", "food"),
    ("pastry-assistant", "Aide-pâtissier·ère", "Pastry assistant", "food"),
    ("butcher-assistant", "Aide-boucher·ère", "Butcher assistant", "food"),
    ("food-processing", "Transformation alimentaire", "Food processing", "food"),
    ("dishwasher", "Plongeur·euse", "Dishwasher", "food"),
    ("food-service-attendant", "Préposé·e au service alimentaire", "Food service attendant", "food"),
    ("barista", "Barista", "Barista", "food"),
    ("waiter", "Serveur·euse", "Waiter", "tourism"),
    ("cashier", "Caissier·ère", "Cashier", "retail"),
    ("retail-sales-clerk", "Commis-vendeur·euse", "Retail sales clerk", "retail"),
    ("shelf-stocker", "Commis à l'approvisionnement des tablettes", "Shelf stocker", "retail"),
    ("grocery-clerk", "Commis d'épicerie", "Grocery clerk", "retail"),
    ("textile-sorting", "Tri et valorisation de textiles", "Textile sorting", "retail"),
    ("furniture-restoration", "Restauration de meubles", "Furniture restoration", "retail"),
    ("appliance-repair", "Réparation d'électroménagers", "Appliance repair", "services"),
    ("electronics-recycling", "Recyclage de matériel électronique", "Electronics recycling", "services"),
    ("warehouse-clerk", "Commis d'entrepôt", "Warehouse clerk", "wholesale"),
    ("order-picker", "Préparateur·trice de commandes", "Order picker", "wholesale"),
    ("forklift-operator", "Cariste", "Forklift operator", "wholesale"),
    ("shipping-receiving", "Commis à l'expédition et à la réception", "Shipping and receiving clerk", "wholesale"),
    ("inventory-clerk", "Commis à l'inventaire", "Inventory clerk", "wholesale"),
    ("machine-operator", "Opérateur·trice de machines", "Machine operator", "manufacturing"),
    ("assembler", "Assembleur·euse", "Assembler", "manufacturing"),
    ("packager", "Emballeur·euse", "Packager", "manufacturing"),
    ("metal-fabrication", "Aide en fabrication métallique", "Metal fabrication helper", "manufacturing"),
    ("cabinet-making", "Aide-ébéniste", "Cabinet-making helper", "manufacturing"),
    ("carpentry-helper", "Aide-charpentier·ère-menuisier·ère", "Carpentry helper", "manufacturing"),
    ("sewing-machine-operator", "Couturier·ère industriel·le", "Sewing machine operator", "manufacturing"),
    ("print-finishing", "Finition en imprimerie", "Print finishing", "manufacturing"),
    ("screen-printing", "Sérigraphie", "Screen printing", "manufacturing"),
    ("plastics-processing", "Transformation des plastiques", "Plastics processing", "manufacturing"),
    ("quality-control-helper", "Aide au contrôle de la qualité", "Quality control helper", "manufacturing"),
    ("janitor", "Préposé·e à l'entretien ménager", "Janitor", "services"),
    ("commercial-cleaning", "Entretien ménager commercial", "Commercial cleaning", "services"),
    ("landscaping", "Aménagement paysager", "Landscaping", "services"),
    ("horticulture", "Horticulture", "Horticulture", "services"),
    ("renovation-helper", "Aide en rénovation", "Renovation helper", "services"),
    ("painter-building", "Peintre en bâtiment", "Building painter", "services"),
    ("moving-helper", "Aide-déménageur·euse", "Moving helper", "services"),
    ("laundry-attendant", "Préposé·e à la buanderie", "Laundry attendant", "services"),
    ("recycling-sorter", "Trieur·euse de matières recyclables", "Recycling sorter", "services"),
    ("auto-detailing", "Esthétique automobile", "Auto detailing", "services"),
    ("tire-technician-helper", "Aide-mécanicien·ne de pneus", "Tire technician helper", "services"),
    ("small-engine-repair", "Réparation de petits moteurs", "Small engine repair", "services"),
    ("computer-support", "Soutien informatique", "Computer support", "services"),
    ("office-clerk", "Commis de bureau", "Office clerk", "services"),
    ("customer-service", "Préposé·e au service à la clientèle", "Customer service agent", "services"),
    ("call-centre-agent", "Agent·e de centre d'appels", "Call centre agent", "services"),
    ("housekeeping-attendant", "Préposé·e aux chambres", "Housekeeping attendant", "tourism"),
    ("hotel-maintenance", "Entretien hôtelier", "Hotel maintenance", "tourism"),
    ("tourism-reception", "Préposé·e à l'accueil touristique", "Tourism reception attendant", "tourism"),
    ("event-setup", "Montage d'événements", "Event setup", "culture"),
    ("stage-technician-helper", "Aide-technicien·ne de scène", "Stage technician helper", "culture"),
    ("bookstore-clerk", "Commis de librairie", "Bookstore clerk", "culture"),
    ("craft-production", "Production artisanale", "Craft production", "culture"),
]


def seed_reference_data(Region, Sector, Trade):
    """Idempotent: used by migration 0002 and by tests that flush the database."""
    for code, fr, en in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})
    sectors = {}
    for code, fr, en in SECTORS:
        sectors[code], _created = Sector.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})
    for code, fr, en, sector in TRADES:
        Trade.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en, "sector": sectors[sector]})
