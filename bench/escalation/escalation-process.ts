/**
 * The benchmark's process: one approval user task with the routes' reminder and escalation
 * boundary timers (a date timer at `reviewReminderAt` and a cycle starting at `reviewDueDate`),
 * each leading to a `deadline.escalate` job, as processes/outgoing-document.bpmn has them.
 */
export const BENCH_PROCESS_ID = 'escalation-bench';

const cycle =
  '=&#34;R&#34; + string(escalationLevels) + &#34;/&#34; + reviewDueDate + &#34;/&#34; + ' +
  'escalationInterval';

export const benchProcessXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="${BENCH_PROCESS_ID}-definitions" targetNamespace="http://docroute.bench/escalation">
  <bpmn:process id="${BENCH_PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-review" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="=&#34;unit-leader:&#34; + unitId" />
        <zeebe:taskSchedule dueDate="=reviewDueDate" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="to-done" sourceRef="review" targetRef="done" />
    <bpmn:endEvent id="done" />
    <bpmn:boundaryEvent id="review-reminder" attachedToRef="review" cancelActivity="false">
      <bpmn:timerEventDefinition>
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">=reviewReminderAt</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="to-remind" sourceRef="review-reminder" targetRef="review-remind" />
    <bpmn:sendTask id="review-remind">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="deadline.escalate" retries="8" />
      </bpmn:extensionElements>
    </bpmn:sendTask>
    <bpmn:sequenceFlow id="to-reminded" sourceRef="review-remind" targetRef="reminded" />
    <bpmn:endEvent id="reminded" />
    <bpmn:boundaryEvent id="review-overdue" attachedToRef="review" cancelActivity="false">
      <bpmn:timerEventDefinition>
        <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${cycle}</bpmn:timeCycle>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="to-escalate" sourceRef="review-overdue" targetRef="review-escalate" />
    <bpmn:sendTask id="review-escalate">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="deadline.escalate" retries="8" />
      </bpmn:extensionElements>
    </bpmn:sendTask>
    <bpmn:sequenceFlow id="to-escalated" sourceRef="review-escalate" targetRef="escalated" />
    <bpmn:endEvent id="escalated" />
  </bpmn:process>
</bpmn:definitions>`;
