/** The surveys domain's public entry: what the interventions domain uses of it. */
export { surveyAnsweredLocally } from "./submit-survey";
export { queueSurveyInvitation } from "./invite";
