package io.segments.definition.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.segments.definition.json.JsonTrees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DefinitionValidationTest {
    static final FieldCatalog CATALOG = FieldCatalog.of(List.of(
            FieldDefinition.custom("score", FieldType.NUMBER, List.of()),
            FieldDefinition.custom("vip", FieldType.BOOLEAN, List.of()),
            FieldDefinition.custom("renewalDate", FieldType.DATE, List.of()),
            FieldDefinition.custom("seenAt", FieldType.TIMESTAMP, List.of()),
            FieldDefinition.custom("tier", FieldType.ENUM, List.of("Gold", "Silver"))),
            List.of(FieldDefinition.custom("plan", FieldType.TEXT, List.of())));

    /** A contacts definition whose where is {@code where} (single quotes for double quotes). */
    static JsonNode contacts(String where) {
        return json("{'subject':'contacts','where':" + where + "}");
    }

    static JsonNode companies(String where) {
        return json("{'subject':'companies','where':" + where + "}");
    }

    static String attribute(String field, String operator, String valuePart) {
        return "{'type':'attribute','field':'" + field + "','operator':'" + operator + "'" + (valuePart.isEmpty() ? "" : "," + valuePart) + "}";
    }

    static CheckedDefinition check(JsonNode json) {
        return CheckedDefinition.check(json, CATALOG);
    }

    /** One example per problem code: the definition, the one problem's pointer and its code. */
    static Stream<Arguments> oneProblem() {
        return Stream.of(
                arguments(json("['not an object']"), "", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("[1]"), "/where", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("{'type':'and','conditions':{}}"), "/where/conditions", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("{'type':'and','conditions':[{'type':'pageView'},'x']}"), "/where/conditions/1", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts(attribute("country", "in", "'values':'DE'")), "/where/values", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts(attribute("country", "equals", "'value':{'a':1}")), "/where/value", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts(attribute("country", "in", "'values':['DE',['FR']]")), "/where/values/1", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("{'type':'attribute','field':7,'operator':'isSet'}"), "/where/field", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("{'type':'pageView','withinDays':'30'}"), "/where/withinDays", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("{'type':'pageView','atLeast':2.5}"), "/where/atLeast", ProblemCode.WRONG_JSON_TYPE),
                arguments(contacts("{'type':'recency','of':'activity','operator':'withinLastDays','days':3000000000}"), "/where/days", ProblemCode.WRONG_JSON_TYPE),
                arguments(json("{'subject':'contacts','where':{'type':'pageView'},'limit':5}"), "/limit", ProblemCode.UNKNOWN_PROPERTY),
                arguments(contacts("{'type':'pageView','url':'/pricing'}"), "/where/url", ProblemCode.UNKNOWN_PROPERTY),
                arguments(contacts("{'type':'pageView','a/b~c':1}"), "/where/a~1b~0c", ProblemCode.UNKNOWN_PROPERTY),
                arguments(json("{'where':{'type':'pageView'}}"), "/subject", ProblemCode.MISSING_SUBJECT),
                arguments(json("{'subject':null}"), "/subject", ProblemCode.MISSING_SUBJECT),
                arguments(json("{'subject':'people'}"), "/subject", ProblemCode.UNKNOWN_SUBJECT),
                arguments(json("{'subject':1}"), "/subject", ProblemCode.UNKNOWN_SUBJECT),
                arguments(contacts("{'field':'country'}"), "/where/type", ProblemCode.MISSING_TYPE),
                arguments(contacts("{'type':'xor','conditions':[]}"), "/where/type", ProblemCode.UNKNOWN_TYPE),
                arguments(contacts("{'type':'AND','conditions':[]}"), "/where/type", ProblemCode.UNKNOWN_TYPE),
                arguments(contacts("{'type':'attribute','operator':'isSet'}"), "/where/field", ProblemCode.MISSING_FIELD),
                arguments(contacts("{'type':'attribute','field':'  ','operator':'isSet'}"), "/where/field", ProblemCode.MISSING_FIELD),
                arguments(contacts(attribute("shoeSize", "isSet", "")), "/where/field", ProblemCode.UNKNOWN_FIELD),
                arguments(contacts(attribute("plan", "isSet", "")), "/where/field", ProblemCode.UNKNOWN_FIELD),
                arguments(companies(attribute("score", "isSet", "")), "/where/field", ProblemCode.UNKNOWN_FIELD),
                arguments(contacts(attribute("company.score", "isSet", "")), "/where/field", ProblemCode.UNKNOWN_FIELD),
                arguments(contacts("{'type':'attribute','field':'country'}"), "/where/operator", ProblemCode.MISSING_OPERATOR),
                arguments(contacts("{'type':'recency','of':'activity','days':3}"), "/where/operator", ProblemCode.MISSING_OPERATOR),
                arguments(contacts(attribute("country", "like", "'value':'D%'")), "/where/operator", ProblemCode.UNKNOWN_OPERATOR),
                arguments(contacts("{'type':'recency','of':'activity','operator':'within','days':3}"), "/where/operator", ProblemCode.UNKNOWN_OPERATOR),
                arguments(contacts(attribute("country", "gt", "'value':'DE'")), "/where/operator", ProblemCode.OPERATOR_NOT_ALLOWED),
                arguments(contacts(attribute("score", "contains", "'value':1")), "/where/operator", ProblemCode.OPERATOR_NOT_ALLOWED),
                arguments(contacts(attribute("vip", "notEquals", "'value':true")), "/where/operator", ProblemCode.OPERATOR_NOT_ALLOWED),
                arguments(contacts(attribute("lifecycleStage", "equals", "'value':'lead'")), "/where/operator", ProblemCode.OPERATOR_NOT_ALLOWED),
                arguments(contacts(attribute("createdAt", "gt", "'value':'2024-01-01'")), "/where/operator", ProblemCode.OPERATOR_NOT_ALLOWED),
                arguments(contacts(attribute("country", "equals", "")), "/where/value", ProblemCode.MISSING_VALUE),
                arguments(contacts(attribute("country", "equals", "'value':'   '")), "/where/value", ProblemCode.MISSING_VALUE),
                arguments(contacts(attribute("country", "in", "")), "/where/values", ProblemCode.MISSING_VALUE),
                arguments(contacts(attribute("country", "in", "'values':[]")), "/where/values", ProblemCode.MISSING_VALUE),
                arguments(contacts(attribute("country", "in", "'values':['DE',' ']")), "/where/values/1", ProblemCode.MISSING_VALUE),
                arguments(contacts(attribute("score", "between", "'values':[10,null]")), "/where/values", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'recency','of':'activity','operator':'withinLastDays'}"), "/where/days", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'recency','operator':'never'}"), "/where/of", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'consent','status':'granted'}"), "/where/channel", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'consent','channel':' ','status':'granted'}"), "/where/channel", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'consent','channel':'email'}"), "/where/status", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'pageView','urlContains':''}"), "/where/urlContains", ProblemCode.MISSING_VALUE),
                arguments(contacts("{'type':'formSubmit','form':' '}"), "/where/form", ProblemCode.MISSING_VALUE),
                arguments(contacts(attribute("score", "equals", "'value':'ten'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("country", "equals", "'value':5")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("vip", "equals", "'value':'true'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("tier", "in", "'values':[1]")), "/where/values/0", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("country", "in", "'values':['DE',3]")), "/where/values/1", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("renewalDate", "before", "'value':'yesterday'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("renewalDate", "before", "'value':'2024-05-31T08:00:00Z'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("createdAt", "on", "'value':'2024-05-31T08:00:00Z'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("createdAt", "withinLastDays", "'value':1.5")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("createdAt", "withinLastDays", "'value':0")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("renewalDate", "moreThanDaysAgo", "'value':'7'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("createdAt", "between", "'values':['2024-01-01','2024-02-01T00:00:00Z']")), "/where/values", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("country", "isSet", "'value':'DE'")), "/where/value", ProblemCode.UNEXPECTED_VALUE),
                arguments(contacts(attribute("country", "isNotSet", "'values':['DE']")), "/where/values", ProblemCode.UNEXPECTED_VALUE),
                arguments(contacts(attribute("country", "equals", "'value':'DE','values':['DE']")), "/where/values", ProblemCode.UNEXPECTED_VALUE),
                arguments(contacts(attribute("country", "in", "'value':'DE','values':['DE']")), "/where/value", ProblemCode.UNEXPECTED_VALUE),
                arguments(contacts("{'type':'recency','of':'activity','operator':'never','days':3}"), "/where/days", ProblemCode.UNEXPECTED_VALUE),
                arguments(contacts(attribute("score", "between", "'values':[1,2,3]")), "/where/values", ProblemCode.WRONG_VALUES_ARITY),
                arguments(contacts(attribute("score", "between", "'values':[1]")), "/where/values", ProblemCode.WRONG_VALUES_ARITY),
                arguments(contacts(attribute("lifecycleStage", "in", "'values':['prospect']")), "/where/values/0", ProblemCode.UNKNOWN_OPTION),
                arguments(contacts(attribute("tier", "notIn", "'values':['gold','Bronze']")), "/where/values/1", ProblemCode.UNKNOWN_OPTION),
                arguments(contacts("{'type':'consent','channel':'email','status':'maybe'}"), "/where/status", ProblemCode.UNKNOWN_OPTION),
                arguments(contacts("{'type':'recency','of':'login','operator':'never'}"), "/where/of", ProblemCode.UNKNOWN_OPTION),
                arguments(contacts(attribute("score", "between", "'values':[20,10]")), "/where/values", ProblemCode.INVALID_RANGE),
                arguments(contacts(attribute("renewalDate", "between", "'values':['2024-02-01','2024-01-31']")), "/where/values", ProblemCode.INVALID_RANGE),
                arguments(contacts(attribute("seenAt", "between", "'values':['2024-02-01T00:00:01Z','2024-02-01T00:00:00Z']")), "/where/values", ProblemCode.INVALID_RANGE),
                arguments(contacts("{'type':'pageView','withinDays':0}"), "/where/withinDays", ProblemCode.NOT_POSITIVE),
                arguments(contacts("{'type':'formSubmit','atLeast':-1}"), "/where/atLeast", ProblemCode.NOT_POSITIVE),
                arguments(contacts("{'type':'recency','of':'activity','operator':'withinLastDays','days':0}"), "/where/days", ProblemCode.NOT_POSITIVE),
                arguments(companies("{'type':'people','atLeast':0}"), "/where/atLeast", ProblemCode.NOT_POSITIVE),
                arguments(contacts("{'type':'pageView','withinDays':36501}"), "/where/withinDays", ProblemCode.OUT_OF_RANGE),
                arguments(contacts("{'type':'recency','of':'activity','operator':'withinLastDays','days':2147483647}"), "/where/days", ProblemCode.OUT_OF_RANGE),
                arguments(contacts(attribute("createdAt", "withinLastDays", "'value':36501")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("createdAt", "before", "'value':'+999999999-12-31'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("createdAt", "after", "'value':'-999999999-01-01T00:00:00Z'")), "/where/value", ProblemCode.WRONG_VALUE_TYPE),
                arguments(contacts(attribute("country", "in", "'values':[" + "'x',".repeat(1000) + "'y']")), "/where/values", ProblemCode.TOO_MANY_VALUES),
                arguments(contacts(attribute("country", "equals", "'value':'a\\u0000b'")), "/where/value", ProblemCode.INVALID_CHARACTER),
                arguments(contacts("{'type':'pageView','urlContains':'\\u0000'}"), "/where/urlContains", ProblemCode.INVALID_CHARACTER),
                arguments(contacts("{'type':'not'}"), "/where/condition", ProblemCode.MISSING_CONDITION),
                arguments(contacts("{'type':'and','conditions':[]}"), "/where/conditions", ProblemCode.EMPTY_GROUP),
                arguments(contacts("{'type':'or'}"), "/where/conditions", ProblemCode.EMPTY_GROUP),
                arguments(companies("{'type':'pageView'}"), "/where/type", ProblemCode.NOT_FOR_SUBJECT),
                arguments(companies("{'type':'formSubmit'}"), "/where/type", ProblemCode.NOT_FOR_SUBJECT),
                arguments(companies("{'type':'consent','channel':'email','status':'granted'}"), "/where/type", ProblemCode.NOT_FOR_SUBJECT),
                arguments(companies("{'type':'recency','of':'activity','operator':'never'}"), "/where/of", ProblemCode.NOT_FOR_SUBJECT),
                arguments(contacts("{'type':'people'}"), "/where", ProblemCode.PEOPLE_OUTSIDE_COMPANIES),
                arguments(companies("{'type':'people','where':{'type':'people'}}"), "/where/where", ProblemCode.PEOPLE_NESTED),
                arguments(json("{'subject':'contacts'}"), "/where", ProblemCode.NO_COMPLETE_CONDITION));
    }

    @ParameterizedTest(name = "{2} at \"{1}\" for {0}")
    @MethodSource("oneProblem")
    void reportsTheProblemAtItsPointer(JsonNode definition, String pointer, ProblemCode code) {
        CheckedDefinition checked = check(definition);

        assertThat(checked.saveErrors()).extracting(Problem::pointer, Problem::code).containsExactly(tuple(pointer, code));
        assertThat(checked.saveErrors()).allSatisfy(problem -> assertThat(problem.message()).isNotBlank());
    }

    @Test
    void everyProblemCodeHasAnExample() {
        Set<ProblemCode> covered = oneProblem().map(arguments -> (ProblemCode) arguments.get()[2]).collect(Collectors.toSet());
        covered.add(ProblemCode.TOO_DEEP);
        covered.add(ProblemCode.TOO_MANY_CONDITIONS);

        assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(ProblemCode.class));
    }

    @Test
    void codesAreStableSnakeCaseNames() {
        assertThat(EnumSet.allOf(ProblemCode.class)).allSatisfy(code -> assertThat(code.code()).isEqualTo(code.name().toLowerCase()));
        assertThat(EnumSet.allOf(ProblemCode.class).stream().filter(ProblemCode::incomplete))
                .containsExactlyInAnyOrder(ProblemCode.MISSING_FIELD, ProblemCode.MISSING_OPERATOR, ProblemCode.MISSING_VALUE,
                        ProblemCode.MISSING_CONDITION, ProblemCode.EMPTY_GROUP);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        CheckedDefinition checked = check(contacts("{'type':'and','extra':true,'conditions':["
                + attribute("country", "equals", "") + ","
                + attribute("score", "equals", "'value':'ten'") + ","
                + "{'type':'or','conditions':[]},"
                + "{'type':'pageView','withinDays':0,'atLeast':'3'},"
                + "{'type':'not'},"
                + attribute("nope", "isSet", "") + ","
                + "{'type':'consent','channel':'email','status':'granted'}]}"));

        assertThat(checked.problems()).extracting(Problem::pointer, Problem::code).containsExactlyInAnyOrder(
                tuple("/where/extra", ProblemCode.UNKNOWN_PROPERTY),
                tuple("/where/conditions/0/value", ProblemCode.MISSING_VALUE),
                tuple("/where/conditions/1/value", ProblemCode.WRONG_VALUE_TYPE),
                tuple("/where/conditions/2/conditions", ProblemCode.EMPTY_GROUP),
                tuple("/where/conditions/3/withinDays", ProblemCode.NOT_POSITIVE),
                tuple("/where/conditions/3/atLeast", ProblemCode.WRONG_JSON_TYPE),
                tuple("/where/conditions/4/condition", ProblemCode.MISSING_CONDITION),
                tuple("/where/conditions/5/field", ProblemCode.UNKNOWN_FIELD));
    }

    @Test
    void problemsAfterAnUnreadableConditionPointAtTheirOwnPosition() {
        CheckedDefinition checked = check(contacts("{'type':'or','conditions':[{},'x',{'type':'not','condition':{'type':'and','conditions':["
                + "{'type':'nope'}," + attribute("country", "equals", "") + "]}}," + attribute("score", "gt", "'value':'x'") + "]}"));

        assertThat(checked.problems()).extracting(Problem::pointer, Problem::code).containsExactlyInAnyOrder(
                tuple("/where/conditions/0/type", ProblemCode.MISSING_TYPE),
                tuple("/where/conditions/1", ProblemCode.WRONG_JSON_TYPE),
                tuple("/where/conditions/2/condition/conditions/0/type", ProblemCode.UNKNOWN_TYPE),
                tuple("/where/conditions/2/condition/conditions/1/value", ProblemCode.MISSING_VALUE),
                tuple("/where/conditions/3/value", ProblemCode.WRONG_VALUE_TYPE));
    }

    @Test
    void aGroupOfOnlyUnreadableConditionsIsNotAlsoReportedEmpty() {
        CheckedDefinition checked = check(contacts("{'type':'and','conditions':[1,{'type':'xor'}]}"));

        assertThat(checked.saveErrors()).extracting(Problem::pointer, Problem::code).containsExactly(
                tuple("/where/conditions/0", ProblemCode.WRONG_JSON_TYPE),
                tuple("/where/conditions/1/type", ProblemCode.UNKNOWN_TYPE));
    }

    @Test
    void aNumberOutOfRangeIsAProblemNotAnException() throws Exception {
        JsonNode definition = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"score\",\"operator\":\"between\",\"values\":[1,1e400]}}");

        assertThat(check(definition).saveErrors()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where/values/1", ProblemCode.OUT_OF_RANGE));
    }

    @Test
    void problemsInsidePeopleArePointedAtInsidePeople() {
        CheckedDefinition checked = check(companies("{'type':'and','conditions':[" + attribute("industry", "equals", "'value':'Software'") + ","
                + "{'type':'people','where':{'type':'or','conditions':[" + attribute("company.industry", "isSet", "") + ","
                + attribute("lifecycleStage", "in", "'values':['lead','boss']") + ",{'type':'recency','of':'pageView','operator':'never'}]}}]}"));

        assertThat(checked.problems()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where/conditions/1/where/conditions/1/values/1", ProblemCode.UNKNOWN_OPTION));
    }

    @Test
    void incompleteProblemsStopSavingButNotAPreview() {
        CheckedDefinition checked = check(contacts("{'type':'and','conditions':[" + attribute("country", "equals", "'value':'DE'") + ","
                + attribute("city", "contains", "") + ",{'type':'attribute'},{'type':'and','conditions':[]},{'type':'not'}]}"));

        assertThat(checked.previewErrors()).isEmpty();
        assertThat(checked.saveErrors()).extracting(Problem::pointer, Problem::code).containsExactlyInAnyOrder(
                tuple("/where/conditions/1/value", ProblemCode.MISSING_VALUE),
                tuple("/where/conditions/2/field", ProblemCode.MISSING_FIELD),
                tuple("/where/conditions/2/operator", ProblemCode.MISSING_OPERATOR),
                tuple("/where/conditions/3/conditions", ProblemCode.EMPTY_GROUP),
                tuple("/where/conditions/4/condition", ProblemCode.MISSING_CONDITION));
        assertThat(checked.saveErrors()).allMatch(Problem::incomplete);
    }

    @Test
    void invalidProblemsStopAPreview() {
        CheckedDefinition checked = check(contacts("{'type':'and','conditions':[" + attribute("country", "equals", "") + ","
                + attribute("country", "gt", "'value':'DE'") + "]}"));

        assertThat(checked.previewErrors()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where/conditions/1/operator", ProblemCode.OPERATOR_NOT_ALLOWED));
        assertThat(checked.saveErrors()).hasSize(2);
    }

    @Test
    void problemsCanBePlacedUnderARequestPointer() {
        Problem problem = check(contacts(attribute("country", "equals", ""))).problems().get(0);

        assertThat(problem.under("/definition").pointer()).isEqualTo("/definition/where/value");
        assertThat(problem.under("/definition").code()).isEqualTo(ProblemCode.MISSING_VALUE);
    }

    @Test
    void validDefinitionsOfEveryKindHaveNoProblems() {
        assertThat(check(contacts("{'type':'and','conditions':["
                + attribute("country", "notIn", "'values':['DE','FR']") + ","
                + attribute("score", "between", "'values':[-1.5,2]") + ","
                + attribute("vip", "equals", "'value':false") + ","
                + attribute("tier", "in", "'values':['GOLD','silver']") + ","
                + attribute("lifecycleStage", "notIn", "'values':['Customer']") + ","
                + attribute("renewalDate", "between", "'values':['2024-01-01','2024-01-01']") + ","
                + attribute("renewalDate", "on", "'value':'2024-01-01'") + ","
                + attribute("seenAt", "after", "'value':'2024-01-01T10:00:00+02:00'") + ","
                + attribute("seenAt", "between", "'values':['2024-01-01T00:00:00Z','2024-01-01T00:00:00Z']") + ","
                + attribute("createdAt", "withinLastDays", "'value':30") + ","
                + attribute("renewalDate", "moreThanDaysAgo", "'value':1") + ","
                + attribute("company.employeeCount", "gte", "'value':10") + ","
                + attribute("company.plan", "equals", "'value':'pro'") + ","
                + attribute("email", "isSet", "") + ","
                + "{'type':'recency','of':'created','operator':'moreThanDaysAgo','days':1},"
                + "{'type':'consent','channel':'whatsapp','status':'unknown'},"
                + "{'type':'pageView','urlContains':'%'},"
                + "{'type':'formSubmit','form':'demo-request','withinDays':1,'atLeast':1},"
                + "{'type':'not','condition':{'type':'or','conditions':[{'type':'pageView'}]}}]}")).saveErrors()).isEmpty();
        assertThat(check(companies("{'type':'and','conditions':["
                + attribute("plan", "startsWith", "'value':'ent'") + ","
                + "{'type':'recency','of':'created','operator':'withinLastDays','days':7},"
                + "{'type':'people','atLeast':3,'where':{'type':'consent','channel':'email','status':'granted'}}]}")).saveErrors()).isEmpty();
    }

    @Test
    void nestingUpToTwelveLevelsIsAllowed() {
        assertThat(check(contacts(nested(11, "{'type':'pageView'}"))).saveErrors()).isEmpty();
    }

    @Test
    void nestingDeeperThanTwelveLevelsIsRefused() {
        CheckedDefinition checked = check(contacts(nested(12, "{'type':'pageView'}")));

        assertThat(checked.saveErrors()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where" + "/conditions/0".repeat(12), ProblemCode.TOO_DEEP));
        assertThat(checked.previewErrors()).hasSize(1);
    }

    @Test
    void notAndPeopleCountAsLevels() {
        String nots = "{'type':'pageView'}";
        for (int level = 0; level < 12; level++) {
            nots = "{'type':'not','condition':" + nots + "}";
        }
        assertThat(check(contacts(nots)).saveErrors()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where" + "/condition".repeat(12), ProblemCode.TOO_DEEP));

        String inPeople = "{'type':'people','where':" + nested(10, "{'type':'pageView'}") + "}";
        assertThat(check(companies(inPeople)).saveErrors()).isEmpty();
        String tooDeepInPeople = "{'type':'people','where':" + nested(11, "{'type':'pageView'}") + "}";
        assertThat(check(companies(tooDeepInPeople)).saveErrors()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where/where" + "/conditions/0".repeat(11), ProblemCode.TOO_DEEP));
    }

    @Test
    void fiveHundredConditionsAreAllowed() {
        assertThat(check(contacts(flat(499))).saveErrors()).isEmpty();
    }

    @Test
    void moreThanFiveHundredConditionsAreRefused() {
        CheckedDefinition checked = check(contacts(flat(500)));

        assertThat(checked.saveErrors()).extracting(Problem::pointer, Problem::code)
                .containsExactly(tuple("/where", ProblemCode.TOO_MANY_CONDITIONS));
        assertThat(checked.previewErrors()).hasSize(1);
    }

    /** {@code levels} single-child and-groups around {@code leaf}: the leaf is at depth levels + 1. */
    static String nested(int levels, String leaf) {
        String node = leaf;
        for (int level = 0; level < levels; level++) {
            node = "{'type':'and','conditions':[" + node + "]}";
        }
        return node;
    }

    /** An or-group of {@code leaves} leaves: leaves + 1 nodes. */
    static String flat(int leaves) {
        return "{'type':'or','conditions':[" + String.join(",", java.util.Collections.nCopies(leaves, "{'type':'pageView'}")) + "]}";
    }
}
