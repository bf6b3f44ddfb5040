package io.segments.definition.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.And;
import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Consent;
import io.segments.definition.ConsentStatus;
import io.segments.definition.Definition;
import io.segments.definition.FormSubmit;
import io.segments.definition.Literal;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.PageView;
import io.segments.definition.People;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static io.segments.definition.json.JsonTrees.json;
import static io.segments.definition.json.JsonTrees.sameTree;
import static org.assertj.core.api.Assertions.assertThat;

class DefinitionJsonTest {

    /** parse → write gives back the same JSON, and parse → write → parse the same model. */
    @ParameterizedTest
    @ValueSource(strings = {
            // and / or / not
            "{'subject':'contacts','where':{'type':'and','conditions':[{'type':'consent','channel':'email','status':'granted'}]}}",
            "{'subject':'contacts','where':{'type':'or','conditions':[{'type':'pageView'},{'type':'formSubmit'}]}}",
            "{'subject':'contacts','where':{'type':'not','condition':{'type':'pageView','urlContains':'/pricing'}}}",
            "{'subject':'contacts','where':{'type':'and','conditions':[]}}",
            "{'subject':'contacts','where':{'type':'not'}}",
            // attribute: every arity, every literal kind, incomplete parts absent
            "{'subject':'contacts','where':{'type':'attribute','field':'country','operator':'equals','value':'DE'}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'score','operator':'gte','value':10.50}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'score','operator':'equals','value':-3}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'vip','operator':'equals','value':false}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'country','operator':'in','values':['DE','FR']}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'score','operator':'between','values':[1,2.5]}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'country','operator':'isSet'}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'country'}}",
            "{'subject':'contacts','where':{'type':'attribute','operator':'equals'}}",
            "{'subject':'contacts','where':{'type':'attribute'}}",
            "{'subject':'contacts','where':{'type':'attribute','field':'country','operator':'in','values':[]}}",
            // recency
            "{'subject':'contacts','where':{'type':'recency','of':'activity','operator':'withinLastDays','days':14}}",
            "{'subject':'contacts','where':{'type':'recency','of':'pageView','operator':'moreThanDaysAgo','days':1}}",
            "{'subject':'contacts','where':{'type':'recency','of':'formSubmit','operator':'never'}}",
            "{'subject':'companies','where':{'type':'recency','of':'created','operator':'withinLastDays','days':30}}",
            "{'subject':'contacts','where':{'type':'recency'}}",
            // consent
            "{'subject':'contacts','where':{'type':'consent','channel':'sms','status':'unknown'}}",
            "{'subject':'contacts','where':{'type':'consent','status':'denied'}}",
            "{'subject':'contacts','where':{'type':'consent'}}",
            // pageView / formSubmit with every optional field present or absent
            "{'subject':'contacts','where':{'type':'pageView','urlContains':'/pricing','withinDays':30,'atLeast':3}}",
            "{'subject':'contacts','where':{'type':'pageView','atLeast':2}}",
            "{'subject':'contacts','where':{'type':'pageView'}}",
            "{'subject':'contacts','where':{'type':'formSubmit','form':'demo-request','withinDays':90}}",
            "{'subject':'contacts','where':{'type':'formSubmit','withinDays':7,'atLeast':2}}",
            // people
            "{'subject':'companies','where':{'type':'people','atLeast':2,'where':{'type':'pageView','urlContains':'/pricing'}}}",
            "{'subject':'companies','where':{'type':'people'}}",
            "{'subject':'companies','where':{'type':'people','where':{'type':'attribute','field':'country','operator':'equals','value':'DE'}}}",
            // no where at all
            "{'subject':'companies'}",
            // the contract's example
            "{'subject':'contacts','where':{'type':'and','conditions':["
                    + "{'type':'attribute','field':'country','operator':'equals','value':'DE'},"
                    + "{'type':'pageView','urlContains':'/pricing','withinDays':30,'atLeast':3},"
                    + "{'type':'consent','channel':'email','status':'granted'},"
                    + "{'type':'or','conditions':[{'type':'formSubmit','form':'demo-request','withinDays':90},"
                    + "{'type':'not','condition':{'type':'recency','of':'activity','operator':'withinLastDays','days':14}}]}]}}"
    })
    void roundTrips(String text) {
        JsonNode input = json(text);
        ParsedDefinition parsed = DefinitionJson.parse(input);
        assertThat(parsed.problems()).isEmpty();
        Definition definition = parsed.definition().orElseThrow();

        JsonNode written = DefinitionJson.write(definition);
        assertThat(sameTree(written, input)).as("%s\nwas written as\n%s", input, written).isTrue();
        assertThat(DefinitionJson.parse(written).definition()).contains(definition);
    }

    @Test
    void readsEveryNodeTypeIntoTheModel() {
        Definition definition = DefinitionJson.parse(json("{'subject':'companies','where':{'type':'or','conditions':["
                + "{'type':'not','condition':{'type':'attribute','field':'employeeCount','operator':'between','values':[10,20.5]}},"
                + "{'type':'recency','of':'created','operator':'never'},"
                + "{'type':'people','atLeast':2,'where':{'type':'and','conditions':["
                + "  {'type':'consent','channel':'email','status':'granted'},"
                + "  {'type':'pageView','urlContains':'/pricing','withinDays':30},"
                + "  {'type':'formSubmit','atLeast':3}]}}]}}")).definition().orElseThrow();

        assertThat(definition).isEqualTo(new Definition(Subject.COMPANIES, new Or(List.of(
                new Not(Attribute.ofValues("employeeCount", AttributeOperator.BETWEEN,
                        List.of(new Literal.Number(new BigDecimal("10")), new Literal.Number(new BigDecimal("20.5"))))),
                new Recency(Recency.Of.CREATED, Recency.Operator.NEVER, null),
                new People(2, new And(List.of(
                        new Consent("email", ConsentStatus.GRANTED),
                        new PageView("/pricing", 30, null),
                        new FormSubmit(null, null, 3))))))));
    }

    @Test
    void absentOptionalFieldsStayAbsent() {
        JsonNode written = DefinitionJson.write(new Definition(Subject.CONTACTS, new And(List.of(
                new PageView(null, null, null),
                new FormSubmit(null, 7, null),
                new Recency(Recency.Of.ACTIVITY, Recency.Operator.NEVER, null),
                new Attribute("country", AttributeOperator.IS_SET, null, null),
                new Not(null)))));

        assertThat(sameTree(written, json("{'subject':'contacts','where':{'type':'and','conditions':["
                + "{'type':'pageView'},{'type':'formSubmit','withinDays':7},{'type':'recency','of':'activity','operator':'never'},"
                + "{'type':'attribute','field':'country','operator':'isSet'},{'type':'not'}]}}"))).isTrue();
    }

    @Test
    void writesTextExactly() {
        String tricky = "' OR 1=1 -- \\ % _ \" 🎉 e\u0301";
        JsonNode written = DefinitionJson.write(new Definition(Subject.CONTACTS, Attribute.of("title", AttributeOperator.EQUALS, new Literal.Text(tricky))));

        assertThat(written.at("/where/value").textValue()).isEqualTo(tricky);
        assertThat(DefinitionJson.parse(written).definition().orElseThrow().where())
                .isEqualTo(Attribute.of("title", AttributeOperator.EQUALS, new Literal.Text(tricky)));
    }

    @Test
    void explicitNullsReadAsAbsent() {
        ParsedDefinition parsed = DefinitionJson.parse(json(
                "{'subject':'contacts','where':{'type':'pageView','urlContains':null,'withinDays':null,'atLeast':null}}"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.definition().orElseThrow().where()).isEqualTo(new PageView(null, null, null));
    }

    @Test
    void aValuesArrayWithAnUntypedBoundReadsAsAbsent() {
        ParsedDefinition parsed = DefinitionJson.parse(json(
                "{'subject':'contacts','where':{'type':'attribute','field':'score','operator':'between','values':[10,null]}}"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(((Attribute) parsed.definition().orElseThrow().where()).values()).isNull();
    }

    @Test
    void aNullWhereIsNoCondition() {
        ParsedDefinition parsed = DefinitionJson.parse(json("{'subject':'contacts','where':null}"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.definition()).contains(new Definition(Subject.CONTACTS, null));
    }
}
