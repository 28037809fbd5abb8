import type { KnownTown } from "./geocoder";

/** Towns of the service area (Lyon metropolis) for the static geocoder: town-level precision. */
export const SERVICE_AREA_TOWNS: readonly KnownTown[] = [
  { city: "Lyon", zip: "69001", lat: 45.7676, lng: 4.8344 },
  { city: "Lyon", zip: "69002", lat: 45.7505, lng: 4.8275 },
  { city: "Lyon", zip: "69003", lat: 45.7597, lng: 4.8516 },
  { city: "Lyon", zip: "69004", lat: 45.7787, lng: 4.8270 },
  { city: "Lyon", zip: "69005", lat: 45.7600, lng: 4.8010 },
  { city: "Lyon", zip: "69006", lat: 45.7700, lng: 4.8520 },
  { city: "Lyon", zip: "69007", lat: 45.7450, lng: 4.8430 },
  { city: "Lyon", zip: "69008", lat: 45.7350, lng: 4.8690 },
  { city: "Lyon", zip: "69009", lat: 45.7740, lng: 4.8050 },
  { city: "Villeurbanne", zip: "69100", lat: 45.7719, lng: 4.8902 },
  { city: "Vénissieux", zip: "69200", lat: 45.6975, lng: 4.8856 },
  { city: "Caluire-et-Cuire", zip: "69300", lat: 45.7953, lng: 4.8469 },
  { city: "Bron", zip: "69500", lat: 45.7386, lng: 4.9127 },
  { city: "Écully", zip: "69130", lat: 45.7747, lng: 4.7769 },
  { city: "Tassin-la-Demi-Lune", zip: "69160", lat: 45.7631, lng: 4.7523 },
  { city: "Oullins-Pierre-Bénite", zip: "69600", lat: 45.7145, lng: 4.8075 },
  { city: "Sainte-Foy-lès-Lyon", zip: "69110", lat: 45.7339, lng: 4.8025 },
  { city: "Décines-Charpieu", zip: "69150", lat: 45.7689, lng: 4.9589 },
  { city: "Meyzieu", zip: "69330", lat: 45.7667, lng: 5.0036 },
  { city: "Saint-Priest", zip: "69800", lat: 45.6964, lng: 4.9441 },
  { city: "Vaulx-en-Velin", zip: "69120", lat: 45.7786, lng: 4.9200 },
  { city: "Rillieux-la-Pape", zip: "69140", lat: 45.8206, lng: 4.8983 },
  { city: "Francheville", zip: "69340", lat: 45.7364, lng: 4.7636 },
  { city: "Craponne", zip: "69290", lat: 45.7450, lng: 4.7233 },
];
