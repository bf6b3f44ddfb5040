package io.segments.definition.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.Definition;
import io.segments.definition.json.DefinitionJson;
import org.junit.jupiter.api.Test;

import static io.segments.definition.json.JsonTrees.json;
import static io.segments.definition.json.JsonTrees.sameTree;
import static io.segments.definition.validation.DefinitionValidationTest.attribute;
import static io.segments.definition.validation.DefinitionValidationTest.check;
import static io.segments.definition.validation.DefinitionValidationTest.companies;
import static io.segments.definition.validation.DefinitionValidationTest.contacts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreviewPruningTest {
    private static final String DE = attribute("country", "equals", "'value':'DE'");
    private static final String UNTYPED = attribute("city", "contains", "");

    private static CheckedDefinition.Preview preview(JsonNode definition) {
        return check(definition).preview();
    }

    private static void assertWhere(CheckedDefinition.Preview preview, String expectedWhere) {
        Definition definition = preview.definition();
        JsonNode written = DefinitionJson.write(definition);
        JsonNode expected = json("{'subject':'" + definition.subject().jsonName() + "'"
                + (expectedWhere == null ? "" : ",'where':" + expectedWhere) + "}");
        assertThat(sameTree(written, expected)).as("%s", written).isTrue();
    }

    @Test
    void aCompleteDefinitionIsPreviewedAsIs() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[" + DE + ",{'type':'pageView'}]}"));

        assertThat(preview.ignored()).isEmpty();
        assertWhere(preview, "{'type':'and','conditions':[" + DE + ",{'type':'pageView'}]}");
    }

    @Test
    void anIncompleteConditionIsSkippedAndReported() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[" + DE + "," + UNTYPED + "]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/1");
        assertWhere(preview, "{'type':'and','conditions':[" + DE + "]}");
    }

    @Test
    void everyKindOfIncompleteLeafIsSkipped() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'or','conditions':[" + DE + ","
                + "{'type':'attribute'},"
                + "{'type':'attribute','field':'country'},"
                + attribute("score", "between", "'values':[1,null]") + ","
                + attribute("country", "in", "'values':[]") + ","
                + "{'type':'recency','of':'activity','operator':'withinLastDays'},"
                + "{'type':'consent','channel':'email'},"
                + "{'type':'pageView','urlContains':'  '},"
                + "{'type':'formSubmit','form':''}]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/1", "/where/conditions/2", "/where/conditions/3",
                "/where/conditions/4", "/where/conditions/5", "/where/conditions/6", "/where/conditions/7", "/where/conditions/8");
        assertWhere(preview, "{'type':'or','conditions':[" + DE + "]}");
    }

    @Test
    void anEmptyGroupIsSkipped() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[" + DE + ",{'type':'or','conditions':[]}]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/1");
        assertWhere(preview, "{'type':'and','conditions':[" + DE + "]}");
    }

    @Test
    void aGroupLeftWithoutChildrenIsDroppedWithThem() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[" + DE + ","
                + "{'type':'or','conditions':[" + UNTYPED + ",{'type':'and','conditions':[]}]}]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/1/conditions/0", "/where/conditions/1/conditions/1");
        assertWhere(preview, "{'type':'and','conditions':[" + DE + "]}");
    }

    @Test
    void aNotWithoutChildIsSkipped() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[{'type':'not'}," + DE + "]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/0");
        assertWhere(preview, "{'type':'and','conditions':[" + DE + "]}");
    }

    @Test
    void aNotOverAnIncompleteChildIsSkippedRatherThanNegatingNothing() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[{'type':'not','condition':" + UNTYPED + "}," + DE + "]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/0/condition");
        assertWhere(preview, "{'type':'and','conditions':[" + DE + "]}");
    }

    @Test
    void aNotOverAPartlyIncompleteGroupKeepsTheCompletePart() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'not','condition':{'type':'or','conditions':[" + UNTYPED + "," + DE + "]}}"));

        assertThat(preview.ignored()).containsExactly("/where/condition/conditions/0");
        assertWhere(preview, "{'type':'not','condition':{'type':'or','conditions':[" + DE + "]}}");
    }

    @Test
    void peopleWithAnIncompleteWhereCountsAnyContact() {
        CheckedDefinition.Preview preview = preview(companies("{'type':'people','atLeast':3,'where':" + UNTYPED + "}"));

        assertThat(preview.ignored()).containsExactly("/where/where");
        assertWhere(preview, "{'type':'people','atLeast':3}");
    }

    @Test
    void peopleKeepsTheCompletePartOfItsWhere() {
        CheckedDefinition.Preview preview = preview(companies("{'type':'people','where':{'type':'and','conditions':["
                + DE + "," + UNTYPED + "]}}"));

        assertThat(preview.ignored()).containsExactly("/where/where/conditions/1");
        assertWhere(preview, "{'type':'people','where':{'type':'and','conditions':[" + DE + "]}}");
    }

    @Test
    void noCompleteConditionPreviewsTheWholeUniverse() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[" + UNTYPED + ",{'type':'not'}]}"));

        assertThat(preview.ignored()).containsExactly("/where/conditions/0", "/where/conditions/1");
        assertWhere(preview, null);
    }

    @Test
    void anEmptyTopLevelGroupPreviewsTheWholeUniverse() {
        CheckedDefinition.Preview preview = preview(contacts("{'type':'and','conditions':[]}"));

        assertThat(preview.ignored()).containsExactly("/where");
        assertWhere(preview, null);
    }

    @Test
    void noWherePreviewsTheWholeUniverseButCannotBeSaved() {
        CheckedDefinition checked = check(json("{'subject':'contacts'}"));

        assertThat(checked.previewErrors()).isEmpty();
        assertThat(checked.preview().ignored()).isEmpty();
        assertWhere(checked.preview(), null);
        assertThat(checked.saveErrors()).extracting(Problem::code).containsExactly(ProblemCode.NO_COMPLETE_CONDITION);
    }

    @Test
    void anInvalidDefinitionHasNoPreview() {
        CheckedDefinition checked = check(contacts("{'type':'and','conditions':[" + UNTYPED + "," + attribute("country", "gt", "'value':'x'") + "]}"));

        assertThatThrownBy(checked::preview).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDefinitionWithoutASubjectHasNoPreview() {
        CheckedDefinition checked = check(json("{'where':{'type':'pageView'}}"));

        assertThat(checked.definition()).isEmpty();
        assertThatThrownBy(checked::preview).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePrunedDefinitionIsComplete() {
        CheckedDefinition.Preview preview = preview(companies("{'type':'or','conditions':[{'type':'people','where':{'type':'not'}},"
                + "{'type':'and','conditions':[" + attribute("industry", "equals", "") + "," + attribute("industry", "isSet", "") + "]}]}"));

        CheckedDefinition again = CheckedDefinition.check(DefinitionJson.write(preview.definition()), DefinitionValidationTest.CATALOG);
        assertThat(again.saveErrors()).isEmpty();
        assertThat(preview.ignored()).containsExactly("/where/conditions/0/where", "/where/conditions/1/conditions/0");
    }
}
