"""Vocabulary and draws for plausible rows: names, places, enterprise kinds, notes, and weighted
choices from the seed's random generator."""

import random
from collections.abc import Mapping
from datetime import date
from typing import Any

from ceiq.accounts.roles import EnterpriseRole

FIRST_NAMES = (
    "Alexandre Amélie Anthony Audrey Benjamin Camille Catherine Charles Chloé Christopher David Émile Émilie "
    "Éric Félix Gabriel Gabrielle Guillaume Jacob Jade Jérémy Jessica Julien Justine Kevin Laurence Léa Logan "
    "Louis Marc-André Marie Mathieu Maxime Mélissa Mia Nathan Noémie Olivier Patrick Philippe Rosalie Samuel "
    "Sarah Simon Sophie Stéphanie Thomas Valérie Vincent William Xavier Yasmine Zoé Mamadou Fatou Ahmed Aïcha "
    "Nguyen Lina Omar Carlos Daniela Samira Jean-Philippe Karine Mikaël Océane Raphaël Sabrina Tristan Alicia"
).split()
LAST_NAMES = (
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger Lévesque "
    "Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier Fournier Lapointe "
    "Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin Landry Martel Bédard Grenier Lessard Bernier "
    "Richard Michaud Hébert Desjardins Couture Turcotte Lachance Parent Blais Gosselin Savard Proulx Beaudoin "
    "Diallo Traoré Nguyen Haddad Benali Joseph Pierre Rodriguez Santos Cherif Kaur"
).split()
EMPLOYER_WORDS = {
    "food": ["Boulangerie", "Restaurant", "Traiteur", "Épicerie", "Fromagerie", "Aliments"],
    "retail": ["Quincaillerie", "Boutique", "Magasin", "Marché", "Librairie"],
    "wholesale": ["Distribution", "Entrepôts", "Transport", "Logistique"],
    "culture": ["Productions", "Théâtre", "Événements", "Studio"],
    "manufacturing": ["Meubles", "Usinage", "Plastiques", "Métal", "Portes et fenêtres", "Emballages"],
    "services": ["Entretien", "Paysagement", "Informatique", "Nettoyage", "Rénovations", "Garage"],
    "tourism": ["Hôtel", "Auberge", "Camping", "Pourvoirie", "Resto-bistro"],
}
ENTERPRISE_KINDS = [
    # sector, name stem, trades
    ("food", "Cuisine solidaire", ["cook-assistant", "kitchen-helper", "caterer", "dishwasher"]),
    ("food", "Boulangerie d'insertion", ["baker-assistant", "pastry-assistant", "food-service-attendant"]),
    ("food", "Resto-Pop", ["line-cook", "kitchen-helper", "waiter", "barista"]),
    ("retail", "Friperie", ["thrift-store-clerk", "textile-sorting", "cashier"]),
    ("retail", "Magasin solidaire", ["retail-sales-clerk", "furniture-restoration", "shelf-stocker"]),
    ("manufacturing", "Atelier du bois", ["woodworking", "cabinet-making", "industrial-painter"]),
    ("manufacturing", "Atelier de vélos", ["bicycle-repair", "assembler"]),
    ("manufacturing", "Métal-Action", ["assistant-welder", "metal-fabrication", "machine-operator"]),
    ("services", "Recyclo-Tech", ["computer-refurbishing", "electronics-recycling", "computer-support"]),
    ("services", "Entretien Plus", ["building-maintenance", "janitor", "commercial-cleaning"]),
    ("services", "Paysages verts", ["landscaping", "horticulture"]),
    ("wholesale", "Entrepôt solidaire", ["warehouse-clerk", "order-picker", "forklift-operator", "delivery-helper"]),
    ("tourism", "Auberge-école", ["housekeeping-attendant", "hotel-maintenance", "tourism-reception"]),
    ("culture", "Scène-Emploi", ["event-setup", "stage-technician-helper", "craft-production"]),
]
# 14 of the 17 regions have members; weights follow population.
REGION_WEIGHTS = {
    "06": 12,
    "03": 6,
    "16": 5,
    "13": 3,
    "14": 3,
    "15": 3,
    "05": 3,
    "07": 3,
    "04": 2,
    "02": 2,
    "12": 2,
    "17": 2,
    "01": 2,
    "08": 2,
}
REGION_CITIES = {
    "01": ("Rimouski", "G5L"),
    "02": ("Saguenay", "G7H"),
    "03": ("Québec", "G1K"),
    "04": ("Trois-Rivières", "G9A"),
    "05": ("Sherbrooke", "J1H"),
    "06": ("Montréal", "H2X"),
    "07": ("Gatineau", "J8X"),
    "08": ("Rouyn-Noranda", "J9X"),
    "09": ("Baie-Comeau", "G4Z"),
    "10": ("Chibougamau", "G8P"),
    "11": ("Gaspé", "G4X"),
    "12": ("Lévis", "G6V"),
    "13": ("Laval", "H7N"),
    "14": ("Joliette", "J6E"),
    "15": ("Saint-Jérôme", "J7Z"),
    "16": ("Longueuil", "J4K"),
    "17": ("Drummondville", "J2B"),
}
STAFF_ROLES = [
    ("director", EnterpriseRole.DIRECTOR),
    ("coordinator", EnterpriseRole.COORDINATOR),
    ("counsellor", EnterpriseRole.COUNSELLOR),
    ("counsellor2", EnterpriseRole.COUNSELLOR),
    ("supervisor", EnterpriseRole.SUPERVISOR),
    ("supervisor2", EnterpriseRole.SUPERVISOR),
]
FOLLOW_UP_SUMMARIES = [
    "Retour sur la semaine en production; bonne ponctualité.",
    "Discussion du plan de carrière et des objectifs de stage.",
    "Point sur la gestion du stress au travail.",
    "Démarches de logement en cours; suivi avec l'organisme partenaire.",
    "Préparation à l'entrevue d'embauche.",
    "Bilan des acquis et des défis depuis l'arrivée.",
]
CONFIDENTIAL_NOTES = [
    "Situation familiale difficile, à surveiller.",
    "Démarches en santé mentale avec le CLSC.",
    "Suivi en dépendance : rechute évoquée, plan revu.",
    "Dossier judiciaire en cours, audience prévue.",
]
STRENGTHS = [
    "Ponctuel·le, travaille bien en équipe, apprend vite les consignes de sécurité.",
    "Minutieux·se et fiable; a développé une belle autonomie en production.",
    "Excellent contact avec la clientèle, polyvalent·e.",
    "Capacité physique et constance; respecte les normes d'hygiène.",
]


def weighted(rng: random.Random, table: Mapping[Any, int]) -> Any:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


class Picker:
    """rng.choices with precomputed cumulative weights (fast for millions of draws)."""

    def __init__(self, rng: random.Random, table: Mapping[Any, int]) -> None:
        self.rng = rng
        self.keys = list(table)
        total = 0
        self.cumulative = []
        for key in self.keys:
            total += table[key]
            self.cumulative.append(total)

    def __call__(self) -> Any:
        return self.rng.choices(self.keys, cum_weights=self.cumulative)[0]


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def postal_code(rng: random.Random, prefix: str) -> str:
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    return f"{prefix} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------
