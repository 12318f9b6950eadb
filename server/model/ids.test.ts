import { describe, expect, it } from 'vitest';
import { documentId, dutyId, itemId, labelOfId, personId, postId, stepId, unitId, workflowId, writtenWorkflowId } from './ids.ts';

describe('node ids', () => {
  const post = postId('000_ae071096d0a343be.txt', '山亭区自然资源局', 5);
  const item = itemId(post, 1);
  const written = writtenWorkflowId(item);

  it('are made from the document and the position of what they name', () => {
    expect(post).toBe('post:000_ae071096d0a343be.txt/山亭区自然资源局/5');
    expect(item).toBe('post:000_ae071096d0a343be.txt/山亭区自然资源局/5/item/1');
    expect(unitId('山亭区林业资源发展中心', '山亭区自然资源局')).toBe('unit:山亭区自然资源局/山亭区林业资源发展中心');
    expect(unitId('山亭区自然资源局', null)).toBe('unit:山亭区自然资源局');
  });

  it('tell their label back, whatever the names inside them', () => {
    expect(
      [
        unitId('局', null),
        personId('局', '王金峰'),
        workflowId('局', '5-2-1'),
        documentId('a.txt'),
        post,
        item,
        dutyId(item, 'function', 2),
        dutyId(item, 'responsibility', 1),
        written,
        stepId(written, 3),
      ].map(labelOfId),
    ).toEqual(['Unit', 'Person', 'Workflow', 'Document', 'Post', 'WorkItem', 'Duty', 'Duty', 'Workflow', 'Step']);
  });

  it('refuse anything else', () => {
    expect(labelOfId('nonsense')).toBeNull();
    expect(labelOfId('graph')).toBeNull();
    expect(labelOfId('')).toBeNull();
  });
});
